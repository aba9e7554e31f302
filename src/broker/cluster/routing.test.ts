/**
 * DESIGN §6.1 across two broker processes on one Redis: every routing row of §6 with the sender on one node
 * and receivers on both, ids and replay across nodes, dedupe across nodes, images served by every node with
 * quotas per conversation, session webhooks once per session, and `/healthz` listing every node's
 * applications. Each test uses fresh userIds, so the nodes are started once for the file.
 *
 * "Not delivered" is proved without sleeping: the same sender sends a second event that must arrive, and the
 * receiver's next frame has to be that one (one sender's events reach every socket in the order sent).
 */

import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrokerNode } from './local-cluster.ts';
import {
  APP_KEY,
  application,
  customer,
  customerSocket,
  nextEvent,
  ORIGIN,
  say,
  sendAcked,
  startWebhookReceiver,
  until,
  useCluster,
  write,
} from './test-kit.ts';

vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

const cluster = useCluster();
let a: BrokerNode;
let b: BrokerNode;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  hooks = await startWebhookReceiver();
  const started = await cluster(['node-a', 'node-b'], {
    SERMO_WEBHOOK_URL: hooks.url,
    SERMO_WEBHOOK_SECRET: 'secret',
    SERMO_IMAGES_PER_CONVERSATION: '2',
  });
  [a, b] = [started.nodes[0]!, started.nodes[1]!];
  return () => hooks.close();
});

async function nextEventOf(client: Awaited<ReturnType<typeof application>>, userId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const frame = await nextEvent(client);
    if (frame['userId'] === userId) return frame;
  }
}

describe('routing across nodes (DESIGN §6, §6.1)', () => {
  it('sends a customer event on node A to every application, on A and on B, once, and acks it', async () => {
    const userId = randomUUID();
    const botOnA = await application(a);
    const agentOnB = await application(b);
    const tab = await customer(a, userId);
    const id = await sendAcked(tab, write(userId, 'hello'));
    for (const app of [botOnA, agentOnB]) expect(await nextEvent(app)).toEqual(write(userId, 'hello', { id }));
    // Once: the next event each application sees is the customer's next one.
    await sendAcked(tab, write(userId, 'second'));
    for (const app of [botOnA, agentOnB]) expect(await nextEvent(app)).toMatchObject({ text: 'second' });
  });

  it("sends an application's outbound event to the customer's tabs on both nodes and every other application, not back to its sender", async () => {
    const userId = randomUUID();
    const tabOnA = await customer(a, userId);
    const tabOnB = await customer(b, userId);
    const sender = await application(b);
    const otherOnA = await application(a);
    const otherOnB = await application(b);
    await sendAcked(sender, say(userId, 'from B'));
    const seen = await nextEvent(tabOnA);
    expect(seen).toMatchObject({ type: 'text', direction: 'outbound', userId, text: 'from B', id: expect.any(Number) });
    expect(await nextEvent(tabOnB)).toEqual(seen);
    for (const app of [otherOnA, otherOnB]) expect(await nextEvent(app)).toEqual(seen);
    // Not to its sender: the next frame it gets is another application's event.
    await sendAcked(otherOnA, { type: 'agent_done', direction: 'internal', userId });
    expect(await nextEvent(sender)).toMatchObject({ type: 'agent_done' });
  });

  it('sends an internal event to every other application on both nodes and never to a customer', async () => {
    const userId = randomUUID();
    const tab = await customer(b, userId);
    const sender = await application(a);
    const onA = await application(a);
    const onB = await application(b);
    // An internal agent_done carries no text (seed 000): the frame is exactly type, direction and userId.
    await sendAcked(sender, { type: 'agent_done', direction: 'internal', userId });
    // Applications read the cluster's stream as it comes: one that just connected may still be handed the
    // last events of an earlier test (another userId); this conversation's are what count here.
    for (const app of [onA, onB]) expect(await nextEventOf(app, userId)).toEqual({ type: 'agent_done', direction: 'internal', userId });
    await sendAcked(sender, say(userId, 'after the note'));
    expect(await nextEvent(tab)).toMatchObject({ text: 'after the note' });
  });

  it("sends an application's inbound event (a bridge) to every other application on both nodes", async () => {
    const userId = randomUUID();
    const bridge = await application(b);
    const onA = await application(a);
    const onB = await application(b);
    await sendAcked(bridge, write(userId, 'from another channel'));
    for (const app of [onA, onB]) expect(await nextEvent(app)).toMatchObject({ direction: 'inbound', text: 'from another channel' });
    await sendAcked(onA, write(userId, 'next'));
    expect(await nextEvent(bridge)).toMatchObject({ text: 'next' });
  });

  it('routes an event type it does not know untouched, with every field, numbered like any outbound event', async () => {
    const userId = randomUUID();
    const tab = await customer(a, userId);
    const bot = await application(b);
    const other = await application(a);
    const card = { type: 'product_card', direction: 'outbound', userId, sku: 'X-1', price: { amount: 12.5, currency: 'EUR' } };
    await sendAcked(bot, card);
    const seen = await nextEvent(tab);
    expect(seen).toEqual({ ...card, id: expect.any(Number) });
    expect(await nextEvent(other)).toEqual(seen);
  });
});

describe('ids and replay across nodes (DESIGN §4.3, §6.1)', () => {
  it('numbers one conversation strictly upwards while applications on both nodes send at once, the same order on every tab', async () => {
    const userId = randomUUID();
    const tabOnA = await customer(a, userId);
    const tabOnB = await customer(b, userId);
    const onA = await application(a);
    const onB = await application(b);
    const count = 40;
    for (let n = 0; n < count; n++) {
      onA.send(say(userId, `a${n}`));
      onB.send(say(userId, `b${n}`));
    }
    const seenOnA: Record<string, unknown>[] = [];
    const seenOnB: Record<string, unknown>[] = [];
    for (let n = 0; n < 2 * count; n++) {
      seenOnA.push(await nextEvent(tabOnA));
      seenOnB.push(await nextEvent(tabOnB));
    }
    const ids = seenOnA.map((frame) => frame['id'] as number);
    for (let n = 1; n < ids.length; n++) expect(ids[n]).toBe(ids[n - 1]! + 1);
    expect(seenOnB).toEqual(seenOnA);
    // Each sender's texts in the order it sent them.
    for (const prefix of ['a', 'b']) {
      const texts = seenOnA.map((frame) => frame['text'] as string).filter((text) => text.startsWith(prefix));
      expect(texts).toEqual(Array.from({ length: count }, (_, n) => `${prefix}${n}`));
    }
  });

  it('replays on node B, in order and without typing, what was sent through node A while the customer was away', async () => {
    const userId = randomUUID();
    const first = await customer(a, userId);
    const agent = await application(a);
    await sendAcked(agent, say(userId, 'one'));
    const seen = (await nextEvent(first))['id'] as number;
    first.ws.terminate();
    await first.closed;
    await sendAcked(agent, say(userId, 'two'));
    await sendAcked(agent, { type: 'typing_on', direction: 'outbound', userId });
    await sendAcked(agent, say(userId, 'three'));

    const back = await customerSocket(b);
    back.send({ type: 'heartbeat', direction: 'inbound', userId, lastEventId: seen, id: 'resume' });
    expect(await back.next()).toMatchObject({ text: 'two', id: seen + 1 });
    expect(await back.next()).toMatchObject({ text: 'three', id: seen + 3 });
    expect(await back.next()).toEqual({ type: 'ack', id: 'resume' });
    await sendAcked(agent, say(userId, 'live'));
    expect(await back.next()).toMatchObject({ text: 'live', id: seen + 4 });
  });

  it('replays nothing for a lastEventId above anything issued, and changes no counter', async () => {
    const userId = randomUUID();
    const tab = await customer(a, userId);
    const agent = await application(b);
    await sendAcked(agent, say(userId, 'before'));
    const before = (await nextEvent(tab))['id'] as number;
    const poisoned = await customerSocket(b);
    poisoned.send({ type: 'heartbeat', direction: 'inbound', userId, lastEventId: Number.MAX_SAFE_INTEGER, id: 'poison' });
    expect(await poisoned.next()).toEqual({ type: 'ack', id: 'poison' });
    await sendAcked(agent, say(userId, 'after'));
    expect(await nextEvent(tab)).toMatchObject({ text: 'after', id: before + 1 });
    // The poisoned socket still gets new events: nothing it said moved what it is sent.
    expect(await nextEvent(poisoned)).toMatchObject({ text: 'after', id: before + 1 });
  });
});

describe('dedupe across nodes (DESIGN §6.1)', () => {
  it('routes a customer event resent to the other node once, and acks it on both', async () => {
    const userId = randomUUID();
    const bot = await application(a);
    const onA = await customer(a, userId);
    const id = await sendAcked(onA, write(userId, 'once'));
    expect(await nextEvent(bot)).toMatchObject({ text: 'once', id });
    onA.ws.terminate();
    const onB = await customer(b, userId);
    await sendAcked(onB, write(userId, 'once', { id }));
    await sendAcked(onB, write(userId, 'then this'));
    expect(await nextEvent(bot)).toMatchObject({ text: 'then this' });
  });

  it("routes an application event resent through the other node once (one key's ids across its connections)", async () => {
    const userId = randomUUID();
    const tab = await customer(b, userId);
    const viaA = await application(a);
    const viaB = await application(b);
    const id = await sendAcked(viaA, say(userId, 'agent once'));
    expect(await nextEvent(tab)).toMatchObject({ text: 'agent once' });
    await sendAcked(viaB, say(userId, 'agent once', { id }));
    await sendAcked(viaB, say(userId, 'agent next'));
    expect(await nextEvent(tab)).toMatchObject({ text: 'agent next' });
  });
});

describe('images on every node (DESIGN §6.1, §6.2)', () => {
  const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  const upload = (node: BrokerNode, userId: string) =>
    fetch(`${node.url}/images`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sermo-user': userId, origin: ORIGIN },
      body: JSON.stringify({ image: GIF.toString('base64') }),
    });

  it("accepts a customer's upload on a node it has no socket on, and serves it from every node", async () => {
    const userId = randomUUID();
    await customer(b, userId);
    const stored = await upload(a, userId);
    expect(stored.status).toBe(201);
    const location = stored.headers.get('location')!;
    for (const node of [a, b]) {
      const served = await fetch(`${node.url}${location}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/gif');
      expect(Buffer.from(await served.arrayBuffer())).toEqual(GIF);
    }
    expect((await upload(a, randomUUID())).status).toBe(403);
  });

  it('counts a conversation’s uploads on every node against one quota', async () => {
    const userId = randomUUID();
    await customer(a, userId);
    expect((await upload(a, userId)).status).toBe(201);
    expect((await upload(b, userId)).status).toBe(201);
    expect((await upload(a, userId)).status).toBe(429);
    expect((await upload(b, userId)).status).toBe(429);
    const app = await fetch(`${b.url}/images?apiKey=${APP_KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: GIF.toString('base64') }),
    });
    expect(app.status).toBe(201);
  });
});

describe('session webhooks once per session (DESIGN §6.1, seed 003)', () => {
  it('sends one session_state_open and one session_state_close for a conversation whose events hit both nodes', async () => {
    const userId = randomUUID();
    const ofUser = () => hooks.bodies.filter((body) => (body['session'] as Record<string, unknown>)['userId'] === userId);
    const onA = await customerSocket(a);
    await sendAcked(onA, { type: 'start', direction: 'inbound', userId, params: {} });
    const onB = await customer(b, userId);
    // A second tab's start (both tabs raced to begin): the session is already open.
    await sendAcked(onB, { type: 'start', direction: 'inbound', userId, params: {} });
    await until(() => ofUser().length === 1, 'the open webhook');
    await sendAcked(onB, { type: 'client_left', direction: 'inbound', userId, text: 'bye', at: new Date().toISOString() });
    const agent = await application(a);
    await sendAcked(agent, { type: 'end_session', direction: 'outbound', userId });
    await until(() => ofUser().length >= 2, 'the close webhook');
    // One more round trip through both nodes, so a second close would have been sent by now.
    await sendAcked(onA, write(userId, 'still here'));
    await sendAcked(agent, { type: 'end_session', direction: 'outbound', userId });
    await new Promise((done) => setTimeout(done, 300));
    expect(ofUser().map((body) => body['type'])).toEqual(['session_state_open', 'session_state_close']);
    expect(ofUser()[1]).toMatchObject({ session: { userId, reason: 'client_left' } });
  });
});

describe('/healthz in cluster mode (DESIGN §6.1)', () => {
  it('names the node, says Redis is ok, and lists the applications of every node with their node', async () => {
    const onA = await application(a);
    const onB = await application(b);
    await sendAcked(onA, { type: 'application_heartbeat', direction: 'internal', available: true, name: 'bot-a' });
    await sendAcked(onB, { type: 'application_heartbeat', direction: 'internal', available: true, name: 'agent-b' });
    const listed = (apps: unknown) => (apps as { node: string; name: string | null }[]).map((app) => `${app.node}/${app.name}`);
    for (const node of [a, b]) {
      await until(async () => {
        const { body } = await node.health();
        return listed(body['applications']).includes('node-a/bot-a') && listed(body['applications']).includes('node-b/agent-b');
      }, `node ${node.id} listing both nodes' applications`);
      const { status, body } = await node.health();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', node: node.id, redis: 'ok', customers: expect.any(Number) });
    }
    await onA.close();
  });
});

