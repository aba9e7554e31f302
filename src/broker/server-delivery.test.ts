import { describe, expect, it } from 'vitest';
import { useTestBroker } from './testing.ts';

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
    const customer = await b.customer('u1');
    const bot = await b.application();
    const message = { type: 'text', direction: 'inbound', userId: 'u1', text: 'once', id: 'm1' };
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
    const first = await b.customer('u1');
    const bot = await b.application();
    first.send({ type: 'text', direction: 'inbound', userId: 'u1', text: 'sent before the drop', id: 'm1' });
    expect(await bot.next()).toMatchObject({ id: 'm1' });
    b.broker.dropCustomerSockets('u1');
    await first.closed;
    const second = await b.customerSocket();
    second.send({ type: 'text', direction: 'inbound', userId: 'u1', text: 'sent before the drop', id: 'm1' });
    second.send({ type: 'text', direction: 'inbound', userId: 'u1', text: 'new', id: 'm2' });
    expect(await second.next()).toEqual({ type: 'ack', id: 'm1' });
    expect(await bot.next()).toMatchObject({ text: 'new', id: 'm2' });
  });

  it('sends no ack for an event without a string id', async () => {
    const b = await start();
    const customer = await b.customer('u1');
    const bot = await b.application();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: 'u1' });
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: 'u1', id: 'h2' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'h2' });
    expect(await bot.next()).toEqual({ type: 'heartbeat', direction: 'inbound', userId: 'u1' });
  });

  it('acks and deduplicates application events by their string id', async () => {
    const b = await start();
    const customer = await b.customer('u1');
    const bot = await b.application();
    bot.send(say('u1', 'one', { id: 'b1' }));
    bot.send(say('u1', 'one', { id: 'b1' }));
    bot.send(say('u1', 'two', { id: 'b2' }));
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b1' });
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b1' });
    expect(await bot.next()).toEqual({ type: 'ack', id: 'b2' });
    expect(await customer.next()).toMatchObject({ text: 'one', id: 1 });
    expect(await customer.next()).toMatchObject({ text: 'two', id: 2 });
  });
});

describe('numbering and replay (DESIGN §4.3)', () => {
  it('numbers outbound events per userId from 1, typing included', async () => {
    const b = await start();
    const u1 = await b.customer('u1');
    const u2 = await b.customer('u2');
    const bot = await b.application();
    bot.send(say('u1', 'a'));
    bot.send({ type: 'typing_on', direction: 'outbound', userId: 'u1' });
    bot.send(say('u2', 'b'));
    bot.send(say('u1', 'c'));
    expect((await u1.next())['id']).toBe(1);
    expect(await u1.next()).toEqual({ type: 'typing_on', direction: 'outbound', userId: 'u1', id: 2 });
    expect((await u1.next())['id']).toBe(3);
    expect((await u2.next())['id']).toBe(1);
  });

  it('replays what came after lastEventId, in order, to the reconnecting socket only, without typing', async () => {
    const b = await start();
    const first = await b.customer('u1');
    const otherTab = await b.customer('u1');
    const bot = await b.application();
    bot.send(say('u1', 'one'));
    bot.send(say('u1', 'two'));
    bot.send({ type: 'typing_on', direction: 'outbound', userId: 'u1' });
    bot.send({ type: 'queue_number', direction: 'outbound', userId: 'u1', queueNumber: 3 });
    bot.send({ type: 'typing_off', direction: 'outbound', userId: 'u1' });
    bot.send(say('u1', 'five'));
    for (let id = 1; id <= 6; id++) expect((await otherTab.next())['id']).toBe(id);
    expect(await first.next()).toMatchObject({ text: 'one', id: 1 });
    first.ws.terminate();
    await first.closed;

    const back = await b.customerSocket();
    back.send({ type: 'heartbeat', direction: 'inbound', userId: 'u1', lastEventId: 1, id: 'resume' });
    expect(await back.next()).toMatchObject({ text: 'two', id: 2 });
    expect(await back.next()).toMatchObject({ type: 'queue_number', queueNumber: 3, id: 4 });
    expect(await back.next()).toMatchObject({ text: 'five', id: 6 });
    expect(await back.next()).toEqual({ type: 'ack', id: 'resume' });
    // The other tab got no replay: its next frame is the next live event.
    bot.send(say('u1', 'live'));
    expect(await otherTab.next()).toMatchObject({ text: 'live', id: 7 });
    expect(await back.next()).toMatchObject({ text: 'live', id: 7 });
  });

  it('keeps events for a conversation whose customer is away, and replays them when it comes back', async () => {
    const b = await start();
    const bot = await b.application();
    bot.send(say('u1', 'while you were away', { id: 'w1' }));
    expect(await bot.next()).toEqual({ type: 'ack', id: 'w1' });
    const customer = await b.customerSocket();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: 'u1', lastEventId: 0 });
    expect(await customer.next()).toMatchObject({ text: 'while you were away', id: 1 });
  });

  it('keeps at most backlogMaxEvents per userId', async () => {
    const b = await start({ limits: { backlogMaxEvents: 2 } });
    const bot = await b.application();
    for (let i = 1; i <= 5; i++) bot.send(say('u1', `m${i}`, { id: `b${i}` }));
    for (let i = 1; i <= 5; i++) await bot.next();
    const customer = await b.customerSocket();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: 'u1', lastEventId: 0, id: 'r' });
    expect(await customer.next()).toMatchObject({ text: 'm4', id: 4 });
    expect(await customer.next()).toMatchObject({ text: 'm5', id: 5 });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r' });
  });

  it('continues numbering above a lastEventId it never gave (the broker restarted)', async () => {
    const b = await start();
    const customer = await b.customerSocket();
    const bot = await b.application();
    customer.send({ type: 'heartbeat', direction: 'inbound', userId: 'u1', lastEventId: 41, id: 'r' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r' });
    await bot.next();
    bot.send(say('u1', 'after restart'));
    expect(await customer.next()).toMatchObject({ text: 'after restart', id: 42 });
  });
});
