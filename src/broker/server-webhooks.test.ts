import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from './testing.ts';

/** Conversations as the widget names them: UUIDs (DESIGN §6.2). */
const U1 = '11111111-1111-4111-8111-111111111111';

const SECRET = 'webhook-secret';

interface Received {
  body: string;
  signature: string | undefined;
  contentType: string | undefined;
}

/** A webhook receiver: `respond` decides each answer; requests are queued for the test to await. */
async function startReceiver(respond: (index: number, res: ServerResponse) => void) {
  const received: Received[] = [];
  const waiters: ((r: Received) => void)[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-hub-signature'] as string | undefined,
        contentType: req.headers['content-type'],
      };
      const index = received.length;
      received.push(entry);
      waiters.shift()?.(entry);
      respond(index, res);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  let taken = 0;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    /** The next request, in arrival order. */
    next(): Promise<Received> {
      const index = taken++;
      const ready = received[index];
      return ready ? Promise.resolve(ready) : new Promise((ok) => waiters.push(ok));
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let t: TestBroker | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await t?.close();
  await receiver?.close();
  t = undefined;
  receiver = undefined;
});

function verify(entry: Received): Record<string, unknown> {
  expect(entry.contentType).toBe('application/json');
  expect(entry.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(entry.body).digest('hex')}`);
  return JSON.parse(entry.body) as Record<string, unknown>;
}

describe('session webhooks (seed 003)', () => {
  it('posts a signed session_state_open on the first start and a close on client_left', async () => {
    receiver = await startReceiver((_i, res) => res.writeHead(204).end());
    t = await startTestBroker({ webhook: { url: receiver.url, secret: SECRET } });
    const customer = await t.customerSocket();
    customer.send({ type: 'start', direction: 'inbound', userId: U1, params: {}, id: 's1' });
    customer.send({ type: 'start', direction: 'inbound', userId: U1, params: {}, id: 's2' });
    customer.send({ type: 'client_left', direction: 'inbound', userId: U1, text: 'bye', at: '2024-01-01T00:00:00.000Z', id: 'l1' });
    const open = verify(await receiver.next());
    expect(open).toEqual({
      type: 'session_state_open',
      ctime: expect.stringMatching(/Z$/),
      session: { userId: U1, openTime: expect.stringMatching(/Z$/) },
    });
    // The second start did not open another session: the next post is the close.
    const close = verify(await receiver.next());
    expect(close).toEqual({
      type: 'session_state_close',
      ctime: expect.any(String),
      session: { userId: U1, openTime: (open['session'] as { openTime: string }).openTime, closeTime: expect.any(String), reason: 'client_left' },
    });
  });

  it('posts a close with reason end_session when an application ends the session', async () => {
    receiver = await startReceiver((_i, res) => res.writeHead(200).end('ok'));
    t = await startTestBroker({ webhook: { url: receiver.url, secret: SECRET } });
    const customer = await t.customerSocket();
    const agent = await t.application();
    customer.send({ type: 'start', direction: 'inbound', userId: U1, params: {} });
    await agent.next();
    agent.send({ type: 'end_session', direction: 'outbound', userId: U1, reasonText: 'Thanks' });
    expect(verify(await receiver.next())['type']).toBe('session_state_open');
    expect(verify(await receiver.next())).toMatchObject({
      type: 'session_state_close',
      session: { userId: U1, reason: 'end_session' },
    });
  });

  it('retries a failed delivery with the same body and signature', async () => {
    receiver = await startReceiver((index, res) => res.writeHead(index === 0 ? 503 : 204).end());
    t = await startTestBroker({ webhook: { url: receiver.url, secret: SECRET, retryDelaysMs: [10, 10] } });
    const customer = await t.customerSocket();
    customer.send({ type: 'start', direction: 'inbound', userId: U1, params: {} });
    const first = await receiver.next();
    const retry = await receiver.next();
    expect(retry).toEqual(first);
    verify(retry);
    expect(t.logs.some((line) => line.includes('webhook session_state_open failed (HTTP 503); retry'))).toBe(true);
  });

  it('routes while the receiver hangs, and survives an unreachable receiver', async () => {
    receiver = await startReceiver(() => undefined); // never answers
    t = await startTestBroker({ webhook: { url: receiver.url, secret: SECRET, retryDelaysMs: [] } });
    const customer = await t.customerSocket();
    const bot = await t.application();
    customer.send({ type: 'start', direction: 'inbound', userId: U1, params: { queue: 'billing' }, id: 's1' });
    await receiver.next(); // the webhook is in flight and will not complete
    expect(await bot.next()).toMatchObject({ type: 'start', params: { queue: 'billing' } });
    expect(await customer.next()).toEqual({ type: 'ack', id: 's1' });
  });
});
