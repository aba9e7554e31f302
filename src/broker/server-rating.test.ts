/**
 * DESIGN §4 `rating` (extension): a customer's rating goes to every application in format 2, acked like a
 * text, once per id however often the widget's outbox sends it (a lost ack, a reload), in either format; a
 * rating that breaks the rules (score outside 1-5) is refused like any bad frame.
 */
import { describe, expect, it } from 'vitest';
import { encodeInbound } from '../protocol/encode.ts';
import type { RatingInbound } from '../protocol/events.ts';
import { useTestBroker } from './testing.ts';

const U = '44444444-4444-4444-8444-444444444444';
const start = useTestBroker();

const rating = (extra: Partial<RatingInbound> = {}): RatingInbound & { id: string } => ({
  type: 'rating',
  direction: 'inbound',
  userId: U,
  score: 4,
  comment: 'Quick and kind',
  at: '2026-03-02T13:05:00.000Z',
  id: 'r1',
  ...extra,
});

describe('a rating from a customer', () => {
  it('reaches every application once, in format 2, and is acked each time it is sent', async () => {
    const t = await start();
    const customer = await t.customer(U);
    const bot = await t.application();
    const agent = await t.application();
    customer.send(encodeInbound(rating(), 2));
    const expected = { type: 'rating', direction: 'inbound', userId: U, score: 4, comment: 'Quick and kind', at: '2026-03-02T13:05:00.000Z', id: 'r1' };
    expect(await bot.next()).toEqual(expected);
    expect(await agent.next()).toEqual(expected);
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r1' });

    // The outbox sends it again (its ack was lost, the page reloaded), from a new socket: acked, not routed again.
    const again = await t.customer(U);
    again.send(encodeInbound(rating(), 2));
    expect(await again.next()).toEqual({ type: 'ack', id: 'r1' });
    again.send({ type: 'text', direction: 'inbound', userId: U, text: 'after', id: 't1' });
    // bot.next() skips the heartbeat that bound the new socket; the next routed frame is the text, not a second rating.
    expect(await bot.next()).toMatchObject({ type: 'heartbeat' });
    expect(await bot.next()).toMatchObject({ type: 'text', text: 'after' });
  });

  it('comes from a protocol=1 widget as the same format 2 event', async () => {
    const t = await start();
    const customer = await t.customerSocket();
    const bot = await t.application();
    const bare = rating({ id: 'r-legacy' });
    delete bare.comment;
    customer.send(encodeInbound(bare, 1));
    expect(await bot.next()).toEqual({ type: 'rating', direction: 'inbound', userId: U, score: 4, at: '2026-03-02T13:05:00.000Z', id: 'r-legacy' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r-legacy' });
  });

  it.each([0, 6, 4.5, '5'])('refuses a score of %j with 1008, and routes nothing', async (score) => {
    const t = await start();
    const customer = await t.customer(U);
    const bot = await t.application();
    customer.send({ ...rating(), score });
    expect((await customer.closed).code).toBe(1008);
    const other = await t.customer(U);
    other.send({ type: 'text', direction: 'inbound', userId: U, text: 'next', id: 't2' });
    expect(await bot.next()).toMatchObject({ type: 'heartbeat' });
    expect(await bot.next()).toMatchObject({ type: 'text', text: 'next' });
  });
});
