import { describe, expect, it } from 'vitest';
import { useTestBroker } from './testing.ts';

/** Conversations as the widget names them: UUIDs (DESIGN §6.2). */
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';

const start = useTestBroker();

const say = (userId: string, text: string, extra: Record<string, unknown> = {}) => ({
  type: 'text',
  direction: 'outbound',
  userId,
  text,
  ...extra,
});

describe('acks and repeated ids (DESIGN §4.3)', () => {
  it('acks a customer event again but routes it once when its id repeats', async () => {
    const b = await start();
    const customer = await b.customer(U1);
    const bot = await b.application();
    const message = { type: 'text', direction: 'inbound', userId: U1, text: 'once', id: 'm1' };
    customer.send(message);
    customer.send(message);
    customer.send({ ...message, text: 'twice', id: 'm2' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'm1' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'm1' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'm2' });
    expect(await bot.next()).toMatchObject({ text: 'once', id: 'm1' });
    expect(await bot.next()).toMatchObject({ text: 'twice', id: 'm2' });
  });

  it('drops a resend that arrives on a new socket of the same conversation', async () => {
    const b = await start();
    const first = await b.customer(U1);
    const bot = await b.application();
    first.send({ type: 'text', direction: 'inbound', userId: U1, text: 'sent before the drop', id: 'm1' });
    expect(await bot.next()).toMatchObject({ id: 'm1' });
    b.broker.dropCustomerSockets(U1);
    await first.closed;
    const second = await b.customerSocket();
    second.send({ type: 'text', direction: 'inbound', userId: U1, text: 'sent before the drop', id: 'm1' });
    second.send({ type: 'text', direction: 'inbound', userId: U1, text: 'new', id: 'm2' });
    expect(await second.next()).toEqual({ type: 'ack', id: 'm1' });
    expect(await bot.next()).toMatchObject({ text: 'new', id: 'm2' });
  });

  it('sends no ack for an event without a string id', async () => {
    const b = await start();
    const customer = await b.customer(U1);
    const bot = await b.application();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: U1 });
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: U1, id: 'h2' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'h2' });
    expect(await bot.next()).toEqual({ type: 'heartbeat', direction: 'inbound', userId: U1 });
  });

  it('acks and deduplicates application events by their string id', async () => {
    const b = await start();
    const customer = await b.customer(U1);
    const bot = await b.application();
    bot.send(say(U1, 'one', { id: 'b1' }));
    bot.send(say(U1, 'one', { id: 'b1' }));
    bot.send(say(U1, 'two', { id: 'b2' }));
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b1' });
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b1' });
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b2' });
    const one = await customer.next();
    expect(one).toMatchObject({ text: 'one' });
    expect(await customer.next()).toMatchObject({ text: 'two', id: (one['id'] as number) + 1 });
  });

  it("dedupes per sender: a customer's id does not make an application's event with that id disappear", async () => {
    const b = await start();
    const customer = await b.customer(U1);
    const bot = await b.application();
    customer.send({ type: 'text', direction: 'inbound', userId: U1, text: 'mine', id: 'same' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'same' });
    bot.send(say(U1, 'also routed', { id: 'same' }));
    expect(await customer.next()).toMatchObject({ text: 'also routed' });
  });
});

describe('numbering and replay (DESIGN §4.3)', () => {
  it('numbers outbound events per userId, one up per event, typing included, from a clock-seeded start', async () => {
    const b = await start();
    const u1 = await b.customer(U1);
    const u2 = await b.customer(U2);
    const bot = await b.application();
    const before = Date.now() * 1000;
    bot.send(say(U1, 'a'));
    bot.send({ type: 'typing_on', direction: 'outbound', userId: U1 });
    bot.send(say(U2, 'b'));
    bot.send(say(U1, 'c'));
    const first = (await u1.next())['id'] as number;
    expect(first).toBeGreaterThan(before);
    expect(Number.isSafeInteger(first)).toBe(true);
    expect(await u1.next()).toEqual({ type: 'typing_on', direction: 'outbound', userId: U1, id: first + 1 });
    expect((await u1.next())['id']).toBe(first + 2);
    expect((await u2.next())['id']).toBeGreaterThan(before);
  });

  it('replays what came after lastEventId, in order, to the reconnecting socket only, without typing', async () => {
    const b = await start();
    const first = await b.customer(U1);
    const otherTab = await b.customer(U1);
    const bot = await b.application();
    bot.send(say(U1, 'one'));
    bot.send(say(U1, 'two'));
    bot.send({ type: 'typing_on', direction: 'outbound', userId: U1 });
    bot.send({ type: 'queue_number', direction: 'outbound', userId: U1, queueNumber: 3 });
    bot.send({ type: 'typing_off', direction: 'outbound', userId: U1 });
    bot.send(say(U1, 'five'));
    const base = ((await otherTab.next())['id'] as number) - 1;
    for (let n = 2; n <= 6; n++) expect((await otherTab.next())['id']).toBe(base + n);
    expect(await first.next()).toMatchObject({ text: 'one', id: base + 1 });
    first.ws.terminate();
    await first.closed;

    const back = await b.customerSocket();
    back.send({ type: 'heartbeat', direction: 'inbound', userId: U1, lastEventId: base + 1, id: 'resume' });
    expect(await back.next()).toMatchObject({ text: 'two', id: base + 2 });
    expect(await back.next()).toMatchObject({ type: 'queue_number', queueNumber: 3, id: base + 4 });
    expect(await back.next()).toMatchObject({ text: 'five', id: base + 6 });
    expect(await back.next()).toEqual({ type: 'ack', id: 'resume' });
    // The other tab got no replay: its next frame is the next live event.
    bot.send(say(U1, 'live'));
    expect(await otherTab.next()).toMatchObject({ text: 'live', id: base + 7 });
    expect(await back.next()).toMatchObject({ text: 'live', id: base + 7 });
  });

  it('keeps events for a conversation whose customer is away, and replays them when it comes back', async () => {
    const b = await start();
    const bot = await b.application();
    bot.send(say(U1, 'while you were away', { id: 'w1' }));
    expect(await bot.next()).toEqual({ type: 'ack', id: 'w1' });
    const customer = await b.customerSocket();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: U1, lastEventId: 0 });
    expect(await customer.next()).toMatchObject({ text: 'while you were away', id: expect.any(Number) });
  });

  it('keeps at most backlogMaxEvents per userId', async () => {
    const b = await start({ limits: { backlogMaxEvents: 2 } });
    const bot = await b.application();
    for (let i = 1; i <= 5; i++) bot.send(say(U1, `m${i}`, { id: `b${i}` }));
    for (let i = 1; i <= 5; i++) await bot.next();
    const customer = await b.customerSocket();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: U1, lastEventId: 0, id: 'r' });
    const m4 = await customer.next();
    expect(m4).toMatchObject({ text: 'm4' });
    expect(await customer.next()).toMatchObject({ text: 'm5', id: (m4['id'] as number) + 1 });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r' });
  });

  it('numbers above a lastEventId from an earlier broker (its ids were clock-seeded too) without taking the client at its word', async () => {
    const b = await start();
    const customer = await b.customerSocket();
    const bot = await b.application();
    const earlier = (Date.now() - 60_000) * 1000 + 41;
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: U1, lastEventId: earlier, id: 'r' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r' });
    await bot.next();
    bot.send(say(U1, 'after restart'));
    const next = await customer.next();
    expect(next).toMatchObject({ text: 'after restart' });
    expect(next['id']).toBeGreaterThan(earlier);
    expect(next['id']).toBeLessThan(Number.MAX_SAFE_INTEGER / 2);
  });
});
