/**
 * The wire extensions of DESIGN §4 and §4.4 in both formats: `format: "markdown"` and `attachments` on an
 * outbound text (format 1: in `raw`), and the inbound `rating`.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RATING_COMMENT } from './limits.ts';
import { parseApplicationFrame, parseCustomerFrame, parseWidgetFrame } from './parse.ts';
import { refusalText } from './reason.ts';

const U = '8a8b5c18-c0dd-467b-bd77-7e7685fadf6d';
const AT = '2026-03-02T13:05:00.000Z';
const LIST = [{ type: 'link', url: 'https://example.com/help' }, { type: 'telepathy', thought: 'hi' }, 7];

describe('an outbound text with format and attachments', () => {
  const format2 = { type: 'text', direction: 'outbound', userId: U, text: '**Hi**' } as const;
  const format1 = { type: 'text', platform: 'webchat', user: { id: U }, text: '**Hi**' } as const;

  it('keeps format "markdown" and the attachments list as it came, in format 2', () => {
    const frame = JSON.stringify({ ...format2, format: 'markdown', attachments: LIST });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { ...format2, format: 'markdown', attachments: LIST } });
  });

  it('reads them from raw in format 1 (seed 000)', () => {
    const frame = JSON.stringify({ ...format1, raw: { message: '**Hi**', agent: {}, format: 'markdown', attachments: LIST } });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: { ...format2, agent: {}, format: 'markdown', attachments: LIST } });
  });

  it('ignores them at the top level of a format 1 frame', () => {
    const frame = JSON.stringify({ ...format1, format: 'markdown', attachments: LIST, raw: { message: '**Hi**' } });
    expect(parseWidgetFrame(frame)).toEqual({ ok: true, event: format2 });
  });

  const absent: Record<string, Record<string, unknown>> = {
    'another format': { format: 'html' },
    'format of another case': { format: 'Markdown' },
    'attachments as an object': { attachments: { type: 'link', url: 'https://example.com' } },
    'attachments as a string': { attachments: '[]' },
  };
  for (const [label, extra] of Object.entries(absent)) {
    it(`treats ${label} as absent: plain text`, () => {
      expect(parseWidgetFrame(JSON.stringify({ ...format2, ...extra }))).toEqual({ ok: true, event: format2 });
    });
  }

  it('deletes prototype keys inside attachments, at any depth', () => {
    const frame = `{"type":"text","direction":"outbound","userId":"${U}","text":"x","attachments":[{"type":"link","url":"https://e.com","__proto__":{"polluted":1},"deep":{"constructor":{"prototype":1}}}]}`;
    expect(parseWidgetFrame(frame)).toEqual({
      ok: true,
      event: { type: 'text', direction: 'outbound', userId: U, text: 'x', attachments: [{ type: 'link', url: 'https://e.com', deep: {} }] },
    });
    expect('polluted' in Object.prototype).toBe(false);
  });

  it('is what applications read too, so the broker routes the list untouched', () => {
    const frame = JSON.stringify({ ...format2, format: 'markdown', attachments: LIST });
    expect(parseApplicationFrame(frame)).toEqual({ ok: true, event: { ...format2, format: 'markdown', attachments: LIST } });
  });
});

describe('rating (DESIGN §4, extension)', () => {
  const format2 = { type: 'rating', direction: 'inbound', userId: U, score: 4, at: AT } as const;
  const format1 = (text: unknown, raw: Record<string, unknown>) => JSON.stringify({ type: 'rating', platform: 'webchat', text, user: { id: U }, raw });

  it('reads score, comment and at in format 2', () => {
    expect(parseCustomerFrame(JSON.stringify({ ...format2, comment: 'Nice', id: 'r1' }))).toEqual({
      ok: true,
      event: { ...format2, comment: 'Nice', id: 'r1' },
    });
  });

  it('reads the comment from text and the score from raw in format 1', () => {
    expect(parseCustomerFrame(format1('Nice', { score: 4, to: U, at: AT }))).toEqual({ ok: true, event: { ...format2, comment: 'Nice' } });
    expect(parseCustomerFrame(format1('', { score: 4, to: U, at: AT }))).toEqual({ ok: true, event: format2 });
  });

  it('is routed to applications as an inbound event', () => {
    expect(parseApplicationFrame(JSON.stringify(format2))).toEqual({ ok: true, event: format2 });
  });

  const refused: Record<string, Record<string, unknown>> = {
    'a score of 0': { score: 0 },
    'a score of 6': { score: 6 },
    'a fractional score': { score: 4.5 },
    'a score as text': { score: '5' },
    'no score': { score: undefined },
    'no at': { at: undefined },
  };
  for (const [label, change] of Object.entries(refused)) {
    it(`refuses ${label}, naming the field`, () => {
      const result = parseCustomerFrame(JSON.stringify({ ...format2, ...change }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(refusalText(result.reason)).toMatch(label === 'no at' ? /\bat\b/ : /score/);
    });
  }

  it('treats a comment over MAX_RATING_COMMENT, or not text, as absent', () => {
    expect(parseCustomerFrame(JSON.stringify({ ...format2, comment: 'x'.repeat(MAX_RATING_COMMENT + 1) }))).toEqual({ ok: true, event: format2 });
    expect(parseCustomerFrame(JSON.stringify({ ...format2, comment: 5 }))).toEqual({ ok: true, event: format2 });
    const longest = 'x'.repeat(MAX_RATING_COMMENT);
    expect(parseCustomerFrame(JSON.stringify({ ...format2, comment: longest }))).toEqual({ ok: true, event: { ...format2, comment: longest } });
  });

  it('is never something a widget receives', () => {
    expect(parseWidgetFrame(JSON.stringify(format2)).ok).toBe(false);
  });
});
