/**
 * DESIGN §3 `csat`, §4 `rating`, §4.3: after `end_session` the customer may rate the conversation once; the
 * rating goes through the outbox under that conversation's userId, is stored with it (a reload neither asks
 * again nor loses it), and is still delivered after "Start a new chat".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RATING_COMMENT } from '../../protocol/index.ts';
import { frame2, setupStateChat } from './test-kit.ts';

const USER = 'id-1';
const AT = '2026-03-01T12:00:00.000Z';
const endSession = (id = 9) => frame2(USER, 'end_session', { reasonText: 'Bye', id });

beforeEach(() => {
  vi.useFakeTimers({ now: new Date(AT) });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createChat: the rating', () => {
  it('is asked only after end_session, with csat on', () => {
    const running = setupStateChat();
    expect(running.chat.rating.value).toBeNull();
    running.transport().receive(endSession());
    expect(running.chat.rating.value).toBe('ask');
    running.chat.dispose();

    const off = setupStateChat({ config: { csat: false } });
    off.transport().receive(endSession());
    expect(off.chat.rating.value).toBeNull();
    off.chat.dispose();

    const left = setupStateChat();
    left.chat.endChat();
    expect(left.chat.rating.value).toBeNull();
    left.chat.dispose();
  });

  it('queues one rating event under the conversation’s userId, then thanks', () => {
    const { chat, fakes } = setupStateChat();
    fakes.last().deliver();
    fakes.last().receive(endSession());
    chat.rate(4, '  Quick and kind  ');
    expect(chat.rating.value).toBe('thanks');
    const rating = fakes.transports.flatMap((t) => t.queued).filter((e) => e.type === 'rating');
    expect(rating).toEqual([{ type: 'rating', direction: 'inbound', userId: USER, id: expect.any(String), score: 4, comment: 'Quick and kind', at: AT }]);
    expect(fakes.last().pending()).toEqual(rating);
    expect(fakes.last().finished).toBe(true);

    chat.rate(1, 'again');
    expect(fakes.transports.flatMap((t) => t.queued).filter((e) => e.type === 'rating')).toHaveLength(1);
    chat.dispose();
  });

  it('sends no comment when none was written, and cuts a long one to 1,000 characters', () => {
    const { chat, fakes } = setupStateChat();
    fakes.last().receive(endSession());
    chat.rate(5, '   ');
    const [event] = fakes.last().queued.filter((e) => e.type === 'rating');
    expect(event).not.toHaveProperty('comment');
    chat.dispose();

    const long = setupStateChat();
    long.fakes.last().receive(endSession());
    long.chat.rate(2, 'x'.repeat(MAX_RATING_COMMENT + 50));
    const [cut] = long.fakes.last().queued.filter((e) => e.type === 'rating');
    expect(cut?.type === 'rating' && cut.comment).toBe('x'.repeat(MAX_RATING_COMMENT));
    long.chat.dispose();
  });

  it('ignores a score that is not a whole number from 1 to 5, and a rating before the end', () => {
    const { chat, fakes } = setupStateChat();
    chat.rate(5, 'too early');
    fakes.last().receive(endSession());
    for (const score of [0, 6, 2.5, Number.NaN]) chat.rate(score, '');
    expect(fakes.transports.flatMap((t) => t.queued).filter((e) => e.type === 'rating')).toEqual([]);
    expect(chat.rating.value).toBe('ask');
    chat.dispose();
  });

  it('keeps the rating with the conversation: a reload thanks instead of asking, and still delivers it', () => {
    const first = setupStateChat();
    first.transport().deliver();
    first.transport().receive(endSession());
    first.chat.rate(3, 'ok');
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();

    const reloaded = setupStateChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.ended.value).toBe('agent');
    expect(reloaded.chat.rating.value).toBe('thanks');
    const again = reloaded.transport();
    expect(again.pending()).toEqual([expect.objectContaining({ type: 'rating', userId: USER, score: 3, comment: 'ok' })]);
    expect(again.finished).toBe(true);
    again.deliver();
    expect(again.pending()).toEqual([]);
    reloaded.chat.dispose();

    // Delivered and reloaded once more: still thanked, nothing left to send.
    const third = setupStateChat({ storage: first.storage, idPrefix: 'third' });
    expect(third.chat.rating.value).toBe('thanks');
    expect(third.transport().pending()).toEqual([]);
    third.chat.dispose();
  });

  it('asks after a reload of an ended conversation not yet rated', () => {
    const first = setupStateChat();
    first.transport().deliver();
    first.transport().receive(endSession());
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();
    const reloaded = setupStateChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.rating.value).toBe('ask');
    reloaded.chat.rate(5, '');
    expect(reloaded.transport().pending()).toEqual([expect.objectContaining({ type: 'rating', userId: USER, score: 5 })]);
    reloaded.chat.dispose();
  });

  it('is still delivered after "Start a new chat", from memory, and the new chat is not asked', () => {
    const { chat, fakes } = setupStateChat();
    fakes.last().deliver();
    fakes.last().receive(endSession());
    chat.rate(2, 'slow');
    const carrying = fakes.last();
    chat.startNew();
    expect(chat.rating.value).toBeNull();
    expect(carrying.forgotten).toBe(true);
    expect(carrying.disposed).toBe(false);
    expect(carrying.pending()).toEqual([expect.objectContaining({ type: 'rating', userId: USER, score: 2 })]);
    expect(fakes.last()).not.toBe(carrying);
    expect(fakes.last().queued.map((e) => e.type)).toEqual(['start']);
    chat.dispose();
  });
});
