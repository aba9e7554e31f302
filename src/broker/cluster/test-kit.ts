/**
 * The cluster tests' tools (DESIGN §6.1, issue 18): a real `redis-server` and real broker processes
 * (`local-cluster.ts`), real `ws` clients (`../testing.ts`), and small helpers that wait for conditions,
 * never for time. `useCluster()` stops everything a test file started after it.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';
import { type Frame, TestClient, UpgradeRefused } from '../testing.ts';
import { type BrokerNode, type RedisServer, startBrokerNode, startRedis } from './local-cluster.ts';

export const APP_KEY = 'cluster-key';
export const ORIGIN = 'http://localhost:5173';

/** The environment every node of a test cluster gets (limits that would refuse a test's load are lifted). */
export function nodeEnv(redis: RedisServer, extra: Record<string, string> = {}): Record<string, string> {
  return { SERMO_REDIS_URL: redis.url, SERMO_API_KEYS: APP_KEY, SERMO_NEW_CHATS_PER_MINUTE: '0', ...extra };
}

export interface TestCluster {
  redis: RedisServer;
  nodes: BrokerNode[];
  /** Starts one more node on the same Redis and waits until it is healthy. */
  addNode(id: string, extra?: Record<string, string>): Promise<BrokerNode>;
}

/**
 * For a test file: `const cluster = useCluster();` then `await cluster(['a', 'b'])` starts Redis and healthy
 * nodes `a` and `b`. Everything it started is stopped after the file's tests.
 */
export function useCluster(): (ids: string[], extra?: Record<string, string>) => Promise<TestCluster> {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop().catch(() => undefined)));
  });
  return async (ids, extra = {}) => {
    const redis = await startRedis();
    stops.push(() => redis.stop('SIGKILL'));
    const addNode = async (id: string, more: Record<string, string> = {}) => {
      const node = await startBrokerNode(id, nodeEnv(redis, { ...extra, ...more }));
      stops.push(() => node.stop('SIGKILL'));
      await node.ready();
      return node;
    };
    const nodes = await Promise.all(ids.map((id) => addNode(id)));
    return { redis, nodes, addNode };
  };
}

// ---------------------------------------------------------------------------------------------------------
// Clients

export function application(node: BrokerNode, key = APP_KEY): Promise<TestClient> {
  return TestClient.connect(`${node.wsBase}/ws/app?apiKey=${encodeURIComponent(key)}`);
}

export function customerSocket(node: BrokerNode): Promise<TestClient> {
  return TestClient.connect(`${node.wsBase}/ws`, { Origin: ORIGIN });
}

/** A customer socket bound to `userId` by a heartbeat (with `extra` fields) whose ack has arrived. */
export async function customer(node: BrokerNode, userId: string, extra: Record<string, unknown> = {}): Promise<TestClient> {
  const client = await customerSocket(node);
  const id = randomUUID();
  client.send({ type: 'heartbeat', direction: 'inbound', userId, id, ...extra });
  await ackOf(client, id);
  return client;
}

/** Waits for the ack of `id`, skipping other frames (they stay unread only if they come after it). */
export async function ackOf(client: TestClient, id: string): Promise<void> {
  for (;;) {
    const frame = await client.next();
    if (frame['type'] === 'ack' && frame['id'] === id) return;
  }
}

/** Sends an event with a fresh `id` and waits for its ack: it is then in Redis (DESIGN §6.1). */
export async function sendAcked(client: TestClient, frame: Frame): Promise<string> {
  const id = typeof frame['id'] === 'string' ? frame['id'] : randomUUID();
  client.send({ ...frame, id });
  await ackOf(client, id);
  return id;
}

/** The next frame that is not an ack and not a heartbeat (applications see every customer's heartbeats). */
export async function nextEvent(client: TestClient): Promise<Frame> {
  for (;;) {
    const frame = await client.nextEvent();
    if (frame['type'] !== 'heartbeat') return frame;
  }
}

export const say = (userId: string, text: string, extra: Frame = {}): Frame => ({ type: 'text', direction: 'outbound', userId, text, ...extra });
export const write = (userId: string, text: string, extra: Frame = {}): Frame => ({ type: 'text', direction: 'inbound', userId, text, ...extra });

/**
 * Every frame a socket receives from now on, in order, acks apart (a widget's log, an agent desk's inbox).
 * It listens beside the client's own queue, so `next()` and `sendAcked()` can still be used.
 */
export function record(client: TestClient): { events: Frame[]; acked: Set<string> } {
  const seen = { events: [] as Frame[], acked: new Set<string>() };
  client.ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame; // test code: frames from our own broker
    if (frame['type'] === 'ack') seen.acked.add(String(frame['id']));
    else if (frame['type'] !== 'heartbeat') seen.events.push(frame);
  });
  return seen;
}

/** The HTTP status of a customer upgrade (101 when accepted). */
export async function upgradeStatus(node: BrokerNode): Promise<number> {
  try {
    const client = await customerSocket(node);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
}

/** Resolves once `check()` holds, polling; rejects naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

/** A webhook receiver that records each body; `bodies` grows as they arrive. */
export async function startWebhookReceiver(): Promise<{ url: string; bodies: Frame[]; close(): Promise<void> }> {
  const bodies: Frame[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Frame); // test code: the broker's own webhook
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
