/**
 * Rich messages through the real broker (DESIGN §4.4: "the broker routes `attachments` untouched") and the
 * customer's `rating` (DESIGN §4, extension), in both wire formats from the customer's side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from './testing.ts';
// DESIGN §4.4: every type, a type only a newer widget knows, fields nobody knows, a URL a widget refuses,
// an entry that is no object: a list the broker and the encoder pass on as it is.
import ATTACHMENTS from '../protocol/fixtures/attachments-routed.json' with { type: 'json' };

const U1 = '11111111-1111-4111-8111-111111111111';
const AT = '2026-03-02T13:05:00.000Z';

let t: TestBroker;
beforeEach(async () => {
  t = await startTestBroker();
});
afterEach(async () => {
  await t.close();
});

describe('rich messages', () => {
  it('routes an outbound text with format and attachments untouched to the customer, the other applications and a replay', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    const agent = await t.application();
    const sent = { type: 'text', direction: 'outbound', userId: U1, text: '**Invoice** attached', format: 'markdown', attachments: ATTACHMENTS };
    bot.send(sent);
    const received = await customer.next();
    expect(received).toEqual({ ...sent, id: received['id'] });
    expect(await agent.next()).toEqual(received);

    // A customer coming back after a drop is replayed the same frame.
    const back = await t.customerSocket();
    back.send({ type: 'heartbeat', direction: 'inbound', userId: U1, lastEventId: Number(received['id']) - 1 });
    expect(await back.next()).toEqual(received);
  });
});

describe('rating', () => {
  it('routes a rating to every application in format 2, and acks it', async () => {
    const customer = await t.customer(U1);
    const bot = await t.application();
    customer.send({ type: 'rating', direction: 'inbound', userId: U1, score: 5, comment: 'Quick help', at: AT, id: 'r1' });
    expect(await bot.next()).toEqual({ type: 'rating', direction: 'inbound', userId: U1, score: 5, comment: 'Quick help', at: AT, id: 'r1' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r1' });
  });

  it('turns a format 1 (protocol=1) rating into format 2 for the applications', async () => {
    const customer = await t.customerSocket();
    const bot = await t.application();
    customer.send({ type: 'rating', platform: 'webchat', text: '', user: { id: U1 }, raw: { score: 3, to: U1, at: AT }, id: 'r2' });
    expect(await bot.next()).toEqual({ type: 'rating', direction: 'inbound', userId: U1, score: 3, at: AT, id: 'r2' });
    expect(await customer.next()).toEqual({ type: 'ack', id: 'r2' });
  });

  it('closes a socket that sends a rating out of range with 1008, naming the field', async () => {
    const customer = await t.customer(U1);
    customer.send({ type: 'rating', direction: 'inbound', userId: U1, score: 9, at: AT });
    const closed = await customer.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/score/);
  });
});
