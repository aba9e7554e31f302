/**
 * Issue 12 row 3 (DESIGN §6.2 "Webhooks"): a slow or dead webhook receiver never grows the broker's open
 * sockets or memory beyond the caps: 16 requests in flight, each with a timeout, at most so many waiting
 * (the oldest dropped, logged and counted in `/healthz`).
 */

import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BrokerProcess, customer, until, useBrokerProcesses } from './test-kit.ts';

const broker = useBrokerProcesses();
// Each test starts its own broker process (about a second on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

/** A webhook receiver that accepts connections, reads every request and never answers. */
interface DeadReceiver {
  url: string;
  open(): number;
  mostOpenAtOnce(): number;
  /** Connections the broker gave up on (closed from its side). */
  closedByBroker(): number;
  requests(): number;
}

let receiver: Server | undefined;
afterEach(async () => {
  const server = receiver;
  receiver = undefined;
  if (server) await new Promise<void>((done) => server.close(() => done()));
});

async function deadReceiver(): Promise<DeadReceiver> {
  const sockets = new Set<Socket>();
  let most = 0;
  let closed = 0;
  let requests = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    most = Math.max(most, sockets.size);
    socket.on('data', (chunk: Buffer) => (requests += chunk.toString('latin1').split('POST /').length - 1));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      closed += 1;
    });
  });
  receiver = server;
  const close = server.close.bind(server);
  server.close = (done) => {
    for (const socket of sockets) socket.destroy();
    return close(done);
  };
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver not on TCP');
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    open: () => sockets.size,
    mostOpenAtOnce: () => most,
    closedByBroker: () => closed,
    requests: () => requests,
  };
}

/** `count` conversations that each open and close a session (two webhooks each), `parallel` at a time. */
async function churnSessions(b: BrokerProcess, count: number, parallel = 20): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const { client, userId } = await customer(b);
      for (const frame of [
        { type: 'start', direction: 'inbound', userId, params: {}, id: randomUUID() },
        { type: 'client_left', direction: 'inbound', userId, text: 'The customer has closed the chat.', at: new Date().toISOString(), id: randomUUID() },
      ]) {
        client.send(frame);
        await client.next();
      }
      await client.close();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

const webhookEnv = (url: string, extra: Record<string, string> = {}) => ({
  SERMO_WEBHOOK_URL: url,
  SERMO_WEBHOOK_SECRET: 'hook-secret',
  // Every session here comes from one address; the new-conversation limit is not under test.
  SERMO_NEW_CHATS_PER_MINUTE: '0',
  ...extra,
});

describe('webhooks to a receiver that never answers (row 3)', () => {
  it('keeps at most 16 requests open while 400 sessions churn, and goes on serving customers', async () => {
    const hook = await deadReceiver();
    const b = await broker(webhookEnv(hook.url));
    const filesBefore = b.openFiles();
    await churnSessions(b, 400);
    await until(() => hook.open() >= 16, '16 webhook requests in flight');
    expect(hook.mostOpenAtOnce()).toBe(16);
    expect(b.openFiles() - filesBefore).toBeLessThan(16 + 20);
    // Routing never waits for a webhook.
    const { client, userId } = await customer(b);
    const id = randomUUID();
    client.send({ type: 'start', direction: 'inbound', userId, params: {}, id });
    expect(await client.next()).toEqual({ type: 'ack', id });
  });

  it('gives up a request after its timeout, drops the oldest beyond the waiting cap, and counts them in /healthz', async () => {
    const hook = await deadReceiver();
    const b = await broker(
      webhookEnv(hook.url, { SERMO_WEBHOOK_CONCURRENCY: '2', SERMO_WEBHOOK_QUEUE: '20', SERMO_WEBHOOK_TIMEOUT_MS: '300', SERMO_WEBHOOK_RETRY_MS: '60000' }),
    );
    await churnSessions(b, 50);
    const health = await b.health();
    expect(health['webhooksDropped']).toBeGreaterThanOrEqual(100 - 2 - 20);
    await b.waitForLog(/webhook .*dropped/);
    await until(() => hook.closedByBroker() > 0, 'the broker to give up a request after its timeout');
  });
});
