/**
 * DESIGN §4 `rating` (extension), as the widget writes it and the broker, the applications and the widget's
 * own outbox read it back: score an integer 1-5, comment optional and at most 1,000 characters, `at`.
 * Format 1: `text` is the comment (or ""), `raw` is `{score, to: userId, at}`.
 */
import { describe, expect, it } from 'vitest';
import type { InboundEvent, RatingInbound } from './events.ts';
import { encodeInbound } from './encode.ts';
import { MAX_RATING_COMMENT } from './limits.ts';
import { parseApplicationFrame, parseCustomerFrame, parseStoredInbound } from './parse.ts';
import { refusalText } from './reason.ts';

const U = '8a8b5c18-c0dd-467b-bd77-7e7685fadf6d';
const AT = '2026-03-02T13:05:00.000Z';
const rating = (fields: Record<string, unknown>) => JSON.stringify({ type: 'rating', direction: 'inbound', userId: U, at: AT, ...fields });
const legacy = (text: unknown, raw: Record<string, unknown>) =>
  JSON.stringify({ type: 'rating', platform: 'webchat', text, user: { id: U }, raw: { to: U, at: AT, ...raw }, id: 'r1' });

describe('rating', () => {
  it('reads the score, comment and time in format 2', () => {
    expect(parseCustomerFrame(rating({ score: 5, comment: 'Tack!', id: 'r1' }))).toEqual({
      ok: true,
      event: { type: 'rating', direction: 'inbound', userId: U, score: 5, comment: 'Tack!', at: AT, id: 'r1' },
    });
  });

  it('reads the comment from text and the score from raw in format 1', () => {
    expect(parseCustomerFrame(legacy('Helpful', { score: 4 }))).toEqual({
      ok: true,
      event: { type: 'rating', direction: 'inbound', userId: U, score: 4, comment: 'Helpful', at: AT, id: 'r1' },
    });
    expect(parseCustomerFrame(legacy('', { score: 1 }))).toEqual({
      ok: true,
      event: { type: 'rating', direction: 'inbound', userId: U, score: 1, at: AT, id: 'r1' },
    });
  });

  it('round-trips through both formats, with and without a comment', () => {
    const samples: RatingInbound[] = [
      { type: 'rating', direction: 'inbound', userId: U, score: 3, comment: 'x'.repeat(MAX_RATING_COMMENT), at: AT, id: 'a' },
      { type: 'rating', direction: 'inbound', userId: U, score: 5, at: AT, id: 'b' },
    ];
    for (const event of samples) {
      for (const format of [1, 2] as const) expect(parseCustomerFrame(encodeInbound(event, format))).toEqual({ ok: true, event });
    }
  });

  it.each([
    ['no score', {}],
    ['a score of 0', { score: 0 }],
    ['a score of 6', { score: 6 }],
    ['a fractional score', { score: 2.5 }],
    ['a score as text', { score: '4' }],
    ['no time', { score: 4, at: undefined }],
  ])('drops a rating with %s', (_, fields) => {
    const parsed = parseCustomerFrame(rating(fields));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : refusalText(parsed.reason)).toMatch(/^inbound rating: (score|at): /);
  });

  it('treats an empty, too long or non-text comment as none', () => {
    for (const comment of ['', 'x'.repeat(MAX_RATING_COMMENT + 1), 42]) {
      expect(parseCustomerFrame(rating({ score: 2, comment }))).toEqual({
        ok: true,
        event: { type: 'rating', direction: 'inbound', userId: U, score: 2, at: AT },
      });
    }
  });

  it('reaches applications as a known inbound event with its id to ack', () => {
    const parsed = parseApplicationFrame(rating({ score: 4, id: 'r9' }));
    expect(parsed).toEqual({ ok: true, event: { type: 'rating', direction: 'inbound', userId: U, score: 4, at: AT, id: 'r9' }, ackId: 'r9' });
  });

  it('reads back from the widget’s outbox with its id, like start and text', () => {
    const event: InboundEvent = { type: 'rating', direction: 'inbound', userId: U, score: 2, comment: 'Slow', at: AT, id: 's1' };
    expect(parseStoredInbound(encodeInbound(event, 2))).toEqual({ ok: true, event });
    expect(parseStoredInbound(rating({ score: 7, id: 's2' })).ok).toBe(false);
    expect(parseStoredInbound(rating({ score: 4 })).ok).toBe(false);
  });
});
