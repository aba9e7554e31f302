import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest, startTestBroker, type TestBroker } from './testing.ts';

/** Conversations as the widget names them: UUIDs (DESIGN §6.2). */
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const U9 = '99999999-9999-4999-8999-999999999999';
const U_LEGACY = '1e9ac111-0000-4000-8000-000000000000';

let t: TestBroker;
beforeEach(async () => {
  t = await startTestBroker();
});
afterEach(async () => {
  await t.close();
});

const text = (userId: string, body: string, extra: Record<string, unknown> = {}) => ({
  type: 'text',
  direction: 'outbound',
  userId,
  text: body,
  ...extra,
});

describe('routing from a customer', () => {
  it('sends an inbound event to every application in format 2, and acks it', async () => {
    const tab1 = await t.customer(U1);
    const tab2 = await t.customer(U1);
    const bot = await t.application();
    const agent = await t.application();
    tab1.send({ type: 'text', direction: 'inbound', userId: U1, text: 'hello', id: 'm1' });
    expect(await bot.next()).toEqual({ type: 'text', direction: 'inbound', userId: U1, text: 'hello', id: 'm1' });
    expect(await agent.next()).toEqual({ type: 'text', direction: 'inbound', userId: U1, text: 'hello', id: 'm1' });
    expect(await tab1.next()).toEqual({ type: 'ack', id: 'm1' });
    // The other tab of the same conversation got nothing: its next frame is the outbound event sent after.
    bot.send(text(U1, 'reply'));
    expect(await tab2.next()).toMatchObject({ type: 'text', text: 'reply' });
  });

  it('turns a seed 000 (protocol=1) frame into format 2 for the applications', async () => {
    const customer = await t.customerSocket();
    const bot = await t.application();
    customer.send({
      type: 'text',
      platform: 'webchat',
      text: 'legacy hello',
      user: { id: U_LEGACY },
      raw: { text: 'legacy hello', type: 'text', platformId: 'webchat' },
      id: 'm-legacy',
    });
    expect(await bot.next()).toEqual({
      type: 'text',
      direction: 'inbound',
      userId: U_LEGACY,
      text: 'legacy hello',
      id: 'm-legacy',
    });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'm-legacy' });
  });

  it('closes a customer socket that sends an outbound event with 1008', async () => {
    const customer = await t.customer(U1);
    customer.send(text(U1, 'pretending to be the agent'));
    const closed = await customer.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).not.toBe('');
  });

  it('closes a customer socket that sends an internal event with 1008', async () => {
    const customer = await t.customer(U1);
    customer.send({ type: 'agent_done', direction: 'internal', userId: U1 });
    expect((await customer.closed).code).toBe(1008);
  });

  it('binds a socket to its first userId and refuses events for another with 1008', async () => {
    const customer = await t.customer(U1);
    const victim = await t.customer(U2);
    const bot = await t.application();
    customer.send({ type: 'text', direction: 'inbound', userId: U2, text: 'impersonating', id: 'x' });
    const closed = await customer.closed;
    expect(closed).toEqual({ code: 1008, reason: expect.stringContaining('userId') });
    // Nothing reached the applications: the next event they see is the real u2's.
    victim.send({ type: 'text', direction: 'inbound', userId: U2, text: 'the real one', id: 'y' });
    expect(await bot.next()).toMatchObject({ userId: U2, text: 'the real one' });
    expect(t.logs.some((line) => line.includes('1008') && line.includes(`userId=${U1.slice(0, 8)}…`))).toBe(true);
  });

  it('closes a customer socket that sends malformed JSON with 1008', async () => {
    const customer = await t.customerSocket();
    customer.send('{not json');
    expect((await customer.closed).code).toBe(1008);
  });
});

describe('routing from an application', () => {
  it('sends an outbound event to the other applications and every socket of that userId, numbered', async () => {
    const tab1 = await t.customer(U1);
    const tab2 = await t.customer(U1);
    const stranger = await t.customer(U2);
    const bot = await t.application();
    const agent = await t.application();
    bot.send(text(U1, 'hi', { id: 'b1', agent: { id: 'bot', name: 'Bot' } }));
    const first = await tab1.next();
    const expected = { type: 'text', direction: 'outbound', userId: U1, text: 'hi', agent: { id: 'bot', name: 'Bot' }, id: first['id'] };
    expect(first).toEqual(expected);
    expect(Number.isSafeInteger(first['id'])).toBe(true);
    expect(await tab2.next()).toEqual(expected);
    expect(await agent.next()).toEqual(expected);
    // The sender gets its ack, not its own event back.
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b1' });
    // The other conversation got nothing: its next frame is its own first event, with its own number.
    bot.send(text(U2, 'yours'));
    expect(await stranger.next()).toMatchObject({ userId: U2, text: 'yours', id: expect.any(Number) });
  });

  it('sends an internal event to the other applications and never to a customer', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    const agent = await t.application();
    bot.send({ type: 'handover_to_agent', direction: 'internal', userId: U1, id: 'i1' });
    expect(await agent.next()).toEqual({ type: 'handover_to_agent', direction: 'internal', userId: U1 });
    expect(await bot.next()).toEqual({ type: 'ack', id: 'i1' });
    bot.send(text(U1, 'after the handover'));
    expect(await customer.next()).toMatchObject({ type: 'text', text: 'after the handover' });
  });

  it('sends an inbound event from an application (a bridge) to the other applications only', async () => {
    const customer = await t.customer(U1);
    const bridge = await t.application();
    const bot = await t.application();
    bridge.send({ type: 'text', direction: 'inbound', userId: U1, text: 'from messenger', id: 'br1' });
    expect(await bot.next()).toEqual({ type: 'text', direction: 'inbound', userId: U1, text: 'from messenger', id: 'br1' });
    expect(await bridge.next()).toEqual({ type: 'ack', id: 'br1' });
    bot.send(text(U1, 'next'));
    expect(await customer.next()).toMatchObject({ text: 'next' });
  });

  it('routes an unknown type with a valid direction untouched', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    const agent = await t.application();
    bot.send({ type: 'carousel', direction: 'outbound', userId: U1, cards: [{ title: 'A' }], id: 'c1' });
    const received = await customer.next();
    const expected = { type: 'carousel', direction: 'outbound', userId: U1, cards: [{ title: 'A' }], id: received['id'] };
    expect(received).toEqual(expected);
    expect(Number.isSafeInteger(received['id'])).toBe(true);
    expect(await agent.next()).toEqual(expected);
    bot.send({ type: 'sentiment', direction: 'internal', userId: U1, score: 0.5 });
    expect(await agent.next()).toEqual({ type: 'sentiment', direction: 'internal', userId: U1, score: 0.5 });
  });

  it('answers a frame without a valid direction with an error and keeps the socket open', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    const agent = await t.application();
    bot.send({ type: 'text', userId: U1, text: 'no direction' });
    expect(await bot.next()).toEqual({ type: 'error', reason: expect.stringContaining('direction') });
    bot.send({ type: 'text', direction: 'sideways', userId: U1, text: 'bad direction' });
    expect(await bot.next()).toMatchObject({ type: 'error' });
    bot.send('not json at all');
    expect(await bot.next()).toMatchObject({ type: 'error' });
    // Still open, and nothing was routed: the next frames anyone sees are this event's.
    bot.send(text(U1, 'valid'));
    expect(await customer.next()).toMatchObject({ text: 'valid', id: expect.any(Number) });
    expect(await agent.next()).toMatchObject({ text: 'valid' });
  });

  it('lists applications and their heartbeats in /healthz', async () => {
    await t.customer(U1);
    await t.customer(U2);
    const bot = await t.application();
    const agent = await t.application();
    bot.send({ type: 'application_heartbeat', direction: 'internal', available: true, name: 'demo bot', id: 'hb1' });
    expect(await agent.next()).toEqual({ type: 'application_heartbeat', direction: 'internal', available: true, name: 'demo bot' });
    expect(await bot.next()).toEqual({ type: 'ack', id: 'hb1' });
    const health = await httpRequest(t.broker.url, { path: '/healthz' });
    expect(health.status).toBe(200);
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    const report = JSON.parse(health.body.toString()) as Record<string, unknown>;
    expect(report).toMatchObject({ status: 'ok', customers: 2 });
    expect(report['uptimeSeconds']).toEqual(expect.any(Number));
    expect(report['applications']).toEqual([
      expect.objectContaining({ name: 'demo bot', available: true, lastBeatAt: expect.stringMatching(/^\d{4}-/) }),
      expect.objectContaining({ name: null, available: false, lastBeatAt: null }),
    ]);
  });
});

describe('connection control', () => {
  it('terminates the customer sockets of one userId, or all, on request', async () => {
    const a1 = await t.customer(U1);
    const a2 = await t.customer(U1);
    const b = await t.customer(U2);
    const unbound = await t.customerSocket();
    expect(t.broker.dropCustomerSockets(U1)).toBe(2);
    expect((await a1.closed).code).toBe(1006);
    expect((await a2.closed).code).toBe(1006);
    expect(t.broker.dropCustomerSockets()).toBe(2);
    expect((await b.closed).code).toBe(1006);
    expect((await unbound.closed).code).toBe(1006);
  });

  it('closes every socket with 1001 on close()', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    await t.close();
    expect((await customer.closed).code).toBe(1001);
    expect((await bot.closed).code).toBe(1001);
  });

  it('logs connections and refusals but never message text', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    customer.send({ type: 'text', direction: 'inbound', userId: U1, text: 'my card number is 4111', id: 's1' });
    await bot.next();
    bot.send(text(U1, 'the secret reply'));
    await customer.next();
    customer.send({ type: 'text', direction: 'inbound', userId: U9, text: 'secret impersonation' });
    await customer.closed;
    const all = t.logs.join('\n');
    expect(all).not.toMatch(/4111|secret/);
    expect(all).toMatch(/customer open/);
    expect(all).toMatch(/application open/);
    expect(all).toMatch(/customer refused: 1008/);
  });
});
