/**
 * DESIGN §6.1 when Redis is in trouble: while it is unreachable (killed, or hung) a node answers `/healthz`
 * 503 `degraded`, refuses upgrades with 503 and closes its sockets with 1013, and it recovers by itself when
 * Redis is back. Redis restarted empty (no persistence) must not make a widget drop new messages: every new
 * id is above every id given before (DESIGN §4.3). A subscriber connection Redis drops for a moment loses
 * nothing either: the node replays the gap from the backlog.
 */

import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { describe, expect, it, vi } from 'vitest';
import type { BrokerNode, RedisServer } from './local-cluster.ts';
import { application, customer, customerSocket, nextEvent, record, say, sendAcked, upgradeStatus, until, useCluster, write } from './test-kit.ts';

vi.setConfig({ testTimeout: 40_000, hookTimeout: 60_000 });

const cluster = useCluster();

async function degraded(node: BrokerNode): Promise<void> {
  await until(async () => (await node.health().catch(() => null))?.status === 503, `node ${node.id} degraded`);
  const { body } = await node.health();
  expect(body).toMatchObject({ status: 'degraded', redis: 'down', node: node.id });
}

async function redisCommand(redis: RedisServer, args: string[]): Promise<unknown> {
  const client = createClient({ url: redis.url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
}

describe('a node and its Redis', () => {
  it('replays what was published while its subscriber connection was cut', async () => {
    const {
      redis,
      nodes: [a, b],
    } = await cluster(['node-a', 'node-b']);
    const userId = randomUUID();
    const tab = await customer(a!, userId);
    const seen = record(tab);
    const agent = await application(b!);
    await sendAcked(agent, say(userId, 'before'));
    await vi.waitFor(() => expect(seen.events).toHaveLength(1));
    // Redis drops every subscriber connection; the agent goes on at once, into the gap.
    await redisCommand(redis, ['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    const texts = Array.from({ length: 20 }, (_, n) => `in the gap ${n}`);
    for (const text of texts) agent.send(say(userId, text));
    await sendAcked(agent, say(userId, 'after'));
    await vi.waitFor(() => expect(seen.events.at(-1)).toMatchObject({ text: 'after' }), { timeout: 10_000 });
    expect(seen.events.map((frame) => frame['text'])).toEqual(['before', ...texts, 'after']);
    expect(tab.ws.readyState).toBe(tab.ws.OPEN);
  });

  it("hands applications every customer event sent while its stream reader's connection was cut", async () => {
    const {
      redis,
      nodes: [a, b],
    } = await cluster(['node-a', 'node-b']);
    const userId = randomUUID();
    const agent = await application(b!);
    const seen = record(agent);
    const tab = await customer(a!, userId);
    await sendAcked(tab, write(userId, 'before'));
    await vi.waitFor(() => expect(seen.events.map((frame) => frame['text'])).toContain('before'));
    // Redis drops the connections blocked in XREAD (each node's reader); the customer goes on at once.
    const clients = String(await redisCommand(redis, ['CLIENT', 'LIST']));
    const readers = [...clients.matchAll(/^id=(\d+) .*cmd=xread/gm)].map((match) => match[1]!);
    expect(readers.length).toBeGreaterThan(0);
    for (const id of readers) await redisCommand(redis, ['CLIENT', 'KILL', 'ID', id]);
    const texts = Array.from({ length: 20 }, (_, n) => `in the gap ${n}`);
    for (const text of texts) await sendAcked(tab, write(userId, text));
    await sendAcked(tab, write(userId, 'after'));
    await vi.waitFor(() => expect(seen.events.at(-1)).toMatchObject({ text: 'after' }), { timeout: 10_000 });
    expect(seen.events.filter((frame) => frame['type'] === 'text').map((frame) => frame['text'])).toEqual(['before', ...texts, 'after']);
    expect(agent.ws.readyState).toBe(agent.ws.OPEN);
  });

  it('answers 503 and closes its sockets with 1013 while Redis hangs, and comes back by itself', async () => {
    const {
      redis,
      nodes: [a],
    } = await cluster(['node-a']);
    const tab = await customer(a!, randomUUID());
    redis.child.signal('SIGSTOP');
    try {
      expect((await tab.closed).code).toBe(1013);
      await degraded(a!);
    } finally {
      redis.child.signal('SIGCONT');
    }
    await a!.ready();
    await customer(a!, randomUUID());
  });

  it('answers 503 while Redis is down, and after Redis restarted empty gives ids above every earlier one', async () => {
    const {
      redis,
      nodes: [a],
    } = await cluster(['node-a']);
    const userId = randomUUID();
    const tab = await customer(a!, userId);
    const agent = await application(a!);
    await sendAcked(agent, say(userId, 'before'));
    const last = (await nextEvent(tab))['id'] as number;

    await redis.stop('SIGKILL');
    expect((await tab.closed).code).toBe(1013);
    expect((await agent.closed).code).toBe(1013);
    await degraded(a!);
    expect(await upgradeStatus(a!)).toBe(503);

    await redis.restartEmpty();
    await a!.ready();
    const back = await customerSocket(a!);
    back.send({ type: 'heartbeat', direction: 'inbound', userId, lastEventId: last, id: 'resume' });
    expect(await back.next()).toEqual({ type: 'ack', id: 'resume' });
    const again = await application(a!);
    await sendAcked(again, say(userId, 'after'));
    const after = await nextEvent(back);
    expect(after).toMatchObject({ text: 'after' });
    expect(after['id']).toBeGreaterThan(last);
  });
});
