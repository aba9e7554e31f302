import { describe, expect, it } from 'vitest';
import { APP_KEY, DEV_ORIGIN, type TestBroker, useTestBroker, TestClient, upgradeStatus } from './testing.ts';

/** Conversations as the widget names them: UUIDs (DESIGN §6.2). */
const U1 = '11111111-1111-4111-8111-111111111111';

const start = useTestBroker();

const wsUrl = (broker: TestBroker, path: string) => `${broker.broker.url.replace(/^http/, 'ws')}${path}`;

describe('application API keys', () => {
  it('refuses a missing or unknown apiKey with HTTP 401 and accepts a known one', async () => {
    const b = await start({ apiKeys: [APP_KEY, 'second-key'] });
    expect(await upgradeStatus(wsUrl(b, '/ws/app'))).toBe(401);
    expect(await upgradeStatus(wsUrl(b, '/ws/app?apiKey='))).toBe(401);
    expect(await upgradeStatus(wsUrl(b, '/ws/app?apiKey=wrong'))).toBe(401);
    expect(await upgradeStatus(wsUrl(b, `/ws/app?apiKey=${APP_KEY}`))).toBe(101);
    expect(await upgradeStatus(wsUrl(b, '/ws/app?apiKey=second-key'))).toBe(101);
    // Refusals of one kind from one address are logged once, then summarised (a flood must not flood the log).
    expect(b.logs.filter((line) => line.includes('application refused: 401 no apiKey'))).toHaveLength(1);
    expect(b.logs.filter((line) => line.includes('application refused: 401 unknown apiKey'))).toHaveLength(1);
  });

  it('answers 404 on the upgrade of any other path', async () => {
    const b = await start();
    expect(await upgradeStatus(wsUrl(b, '/elsewhere'), { Origin: DEV_ORIGIN })).toBe(404);
  });
});

describe('customer origins', () => {
  it('allows localhost and 127.0.0.1 on any port by default and refuses others with 403', async () => {
    const b = await start();
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: 'http://localhost:3000' })).toBe(101);
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: 'http://127.0.0.1:9' })).toBe(101);
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl(b, '/ws'))).toBe(403);
    expect(b.logs.some((line) => line.includes('customer refused: 403 origin=https://evil.example'))).toBe(true);
  });

  it('allows exactly the configured origins', async () => {
    const b = await start({ allowedOrigins: ['https://shop.example'] });
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: 'https://shop.example' })).toBe(101);
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: 'http://localhost:3000' })).toBe(403);
    expect(await upgradeStatus(wsUrl(b, '/ws'))).toBe(403);
  });

  it('allows any origin, and none, with *', async () => {
    const b = await start({ allowedOrigins: '*' });
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: 'https://anywhere.example' })).toBe(101);
    expect(await upgradeStatus(wsUrl(b, '/ws'))).toBe(101);
  });
});

describe('limits', () => {
  it('closes a socket that sends a frame over the size limit with 1009, customer or application', async () => {
    const b = await start({ limits: { maxFrameBytes: 1024 } });
    const customer = await b.customer(U1);
    customer.send({ type: 'text', direction: 'inbound', userId: U1, text: 'x'.repeat(2000) });
    expect((await customer.closed).code).toBe(1009);
    const app = await b.application();
    app.send({ type: 'text', direction: 'outbound', userId: U1, text: 'x'.repeat(2000) });
    expect((await app.closed).code).toBe(1009);
  });

  it('refuses a frame over 64 KiB by default', async () => {
    const b = await start();
    const customer = await b.customer(U1);
    customer.send({ type: 'typing_on', direction: 'inbound', userId: U1, text: 'x'.repeat(65 * 1024), at: '2020-01-01T00:00:00Z' });
    expect((await customer.closed).code).toBe(1009);
  });

  it('closes a customer socket over its event rate with 1008 once the burst is spent', async () => {
    // A rate this low means no token comes back during the test: the count alone decides.
    const b = await start({ limits: { customerEventsPerSecond: 0.001, customerBurst: 3 } });
    const customer = await b.customerSocket();
    for (let i = 1; i <= 4; i++) customer.send({ type: 'heartbeat', direction: 'inbound', userId: U1, id: `h${i}` });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'h1' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'h2' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'h3' });
    expect(await customer.closed).toEqual({ code: 1008, reason: 'rate limit exceeded' });
  });

  it('does not rate-limit applications', async () => {
    const b = await start({ limits: { customerEventsPerSecond: 0.001, customerBurst: 1 } });
    const customer = await b.customer(U1);
    const bot = await b.application();
    for (let i = 1; i <= 50; i++) bot.send({ type: 'info', direction: 'outbound', userId: U1, text: `n${i}` });
    const first = (await customer.next())['id'] as number;
    for (let i = 2; i <= 50; i++) expect(await customer.next()).toMatchObject({ text: `n${i}`, id: first + i - 1 });
  });

  it('refuses customer sockets beyond the per-IP limit with HTTP 429 and frees the slot on close', async () => {
    const b = await start({ limits: { maxCustomerSocketsPerIp: 2 } });
    // An application, once its key is checked, does not count against its address.
    const app = await b.application();
    const first = await b.customerSocket();
    await b.customerSocket();
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: DEV_ORIGIN })).toBe(429);
    await app.close();
    expect(await upgradeStatus(wsUrl(b, '/ws'), { Origin: DEV_ORIGIN })).toBe(429);
    await first.close();
    // The broker frees the slot once its side of the connection has closed.
    let status = 0;
    for (let tries = 0; tries < 100 && status !== 101; tries++) status = await upgradeStatus(wsUrl(b, '/ws'), { Origin: DEV_ORIGIN });
    expect(status).toBe(101);
    expect(b.logs.some((line) => line.includes('connection refused: 429'))).toBe(true);
  });

  it('cuts a socket that stops answering pings and keeps one that answers', async () => {
    const b = await start({ limits: { pingIntervalMs: 200 } });
    const silent = await TestClient.connect(wsUrl(b, '/ws'), { Origin: DEV_ORIGIN }, { autoPong: false });
    const healthy = await b.customer(U1);
    const bot = await b.application();
    expect((await silent.closed).code).toBe(1006);
    bot.send({ type: 'info', direction: 'outbound', userId: U1, text: 'still here' });
    expect(await healthy.next()).toMatchObject({ text: 'still here' });
  });
});
