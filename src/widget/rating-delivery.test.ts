/**
 * DESIGN §4.3: `rating` goes through the outbox like a text. The chat wired to the real transport over
 * FakeSockets: a rating given while the broker cannot be reached is written once a socket opens, before or
 * after "Start a new chat", and after a reload; then the socket closes and no timer is left.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboundEvent } from '../protocol/index.ts';
import type { FakeSocket } from '../connection/fake-socket.ts';
import { frame2, sentEvents, setupChat } from './state/test-kit.ts';

const USER = 'id-1';
const AT = '2026-03-01T12:00:00.000Z';
const ack = (id: string | undefined) => JSON.stringify({ type: 'ack', id });
const ackAll = (socket: FakeSocket) => {
  for (const event of sentEvents(socket)) socket.receive(ack(event.id));
};
const ratings = (socket: FakeSocket) => sentEvents(socket).filter((e): e is Extract<InboundEvent, { type: 'rating' }> => e.type === 'rating');

/** A conversation the agent ended: its socket delivered everything and closed. */
function endedByAgent(options: Parameters<typeof setupChat>[0] = {}) {
  const setup = setupChat(options);
  const socket = setup.fake.last();
  socket.open();
  ackAll(socket);
  socket.receive(frame2(USER, 'end_session', { reasonText: 'Thanks for chatting', id: 5 }));
  expect(socket.readyState).toBe(socket.CLOSED);
  expect(setup.chat.rating.value).toBe('ask');
  return setup;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date(AT) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the rating through the outbox', () => {
  it('waits while the broker cannot be reached, is written once a socket opens, then the socket closes', () => {
    const { chat, fake } = endedByAgent();
    const before = fake.sockets.length;
    chat.rate(4, 'Helpful');
    expect(chat.rating.value).toBe('thanks');
    // Unreachable: every attempt fails; the outbox holds the rating, so retries come within 5 s.
    for (let i = 0; i < 4; i++) {
      expect(fake.sockets.length).toBe(before + 1 + i);
      fake.last().fail();
      vi.advanceTimersByTime(5_000);
    }
    const socket = fake.last();
    socket.open();
    expect(sentEvents(socket).map((e) => e.type)).toEqual(['heartbeat', 'rating']);
    // Nothing to replay for an ended conversation: the heartbeat asks for nothing.
    expect(sentEvents(socket)[0]).not.toHaveProperty('lastEventId');
    expect(ratings(socket)).toEqual([{ type: 'rating', direction: 'inbound', userId: USER, score: 4, comment: 'Helpful', at: AT, id: expect.any(String) }]);
    ackAll(socket);
    expect(socket.readyState).toBe(socket.CLOSED);
    chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is written again, same id, after a socket lost before the ack', () => {
    const { chat, fake } = endedByAgent();
    chat.rate(2, '');
    fake.last().open();
    const [first] = ratings(fake.last());
    fake.last().serverClose();
    vi.advanceTimersByTime(5_000);
    fake.last().open();
    expect(ratings(fake.last())).toEqual([first]);
    ackAll(fake.last());
    chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is delivered under the ended conversation’s userId after "Start a new chat", beside the new one', () => {
    const { chat, fake } = endedByAgent();
    chat.rate(5, 'Great');
    const carrying = fake.last();
    chat.startNew();
    const fresh = fake.last();
    expect(fresh).not.toBe(carrying);
    fresh.open();
    expect(sentEvents(fresh).map((e) => e.type)).toEqual(['start', 'heartbeat']);
    expect(sentEvents(fresh)[0]?.userId).not.toBe(USER);
    carrying.open();
    expect(ratings(carrying)).toEqual([expect.objectContaining({ userId: USER, score: 5, comment: 'Great' })]);
    ackAll(carrying);
    expect(carrying.readyState).toBe(carrying.CLOSED);
    chat.dispose();
  });

  it('survives a reload before it was delivered, and is not asked again', () => {
    const first = endedByAgent();
    first.chat.rate(3, 'ok');
    first.fake.last().fail();
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();

    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.rating.value).toBe('thanks');
    const socket = reloaded.fake.last();
    socket.open();
    expect(ratings(socket)).toEqual([expect.objectContaining({ userId: USER, score: 3, comment: 'ok' })]);
    ackAll(socket);
    expect(socket.readyState).toBe(socket.CLOSED);
    reloaded.chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is written in the seed 000 shape with protocol=1: the comment as text, the score in raw', () => {
    const { chat, fake } = endedByAgent({ config: { protocol: 1 } });
    chat.rate(1, 'Never again');
    fake.last().open();
    const frame = fake.last().sent.map((text) => JSON.parse(text) as Record<string, unknown>).find((f) => f.type === 'rating');
    expect(frame).toEqual({ type: 'rating', platform: 'webchat', text: 'Never again', user: { id: USER }, raw: { score: 1, to: USER, at: AT }, id: expect.any(String) });
    chat.dispose();
  });
});
