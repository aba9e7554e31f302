import { describe, expect, it } from 'vitest';
import type { PreChatField } from '../../config/config.ts';
import { MAX_PRE_CHAT_ANSWER, checkPreChat } from './pre-chat.ts';

const NAME: PreChatField = { name: 'name', required: false };
const EMAIL: PreChatField = { name: 'email', required: true };
const PHONE: PreChatField = { name: 'phone', required: false };

describe('checkPreChat', () => {
  it('passes the answers trimmed, leaving out the optional fields left empty', () => {
    expect(checkPreChat([NAME, EMAIL, PHONE], { name: '  Ada Lovelace ', email: ' ada@example.com ', phone: '   ' })).toEqual({
      ok: true,
      answers: { name: 'Ada Lovelace', email: 'ada@example.com' },
    });
  });

  it('names every required field left empty', () => {
    expect(checkPreChat([{ name: 'name', required: true }, EMAIL, PHONE], { name: ' ', phone: '' })).toEqual({
      ok: false,
      problems: { name: 'required', email: 'required' },
    });
  });

  it.each(['ada', 'ada@', '@example.com', 'ada@example', 'ada@example.', 'ada @example.com', 'ada@exa mple.com', 'a@b@c.se', 'ada@.com'])(
    'refuses the email address %j',
    (email) => {
      expect(checkPreChat([NAME, EMAIL], { email })).toEqual({ ok: false, problems: { email: 'email' } });
    },
  );

  it.each(['ada@example.com', 'ada.lovelace+chat@mail.example.co.uk', 'åsa@exempel.se'])('accepts the email address %j', (email) => {
    expect(checkPreChat([EMAIL], { email })).toEqual({ ok: true, answers: { email } });
  });

  it('checks an optional email too, once one is given', () => {
    expect(checkPreChat([{ name: 'email', required: false }], { email: 'nope' })).toEqual({ ok: false, problems: { email: 'email' } });
  });

  it.each([
    ['+46 70-123 45 67', true],
    ['(08) 123 456', true],
    ['070 12', false],
    ['call me', false],
    ['+46 70 ABC', false],
  ])('checks the phone number %j (valid: %s)', (phone, valid) => {
    expect(checkPreChat([PHONE], { phone }).ok).toBe(valid);
    if (!valid) expect(checkPreChat([PHONE], { phone })).toEqual({ ok: false, problems: { phone: 'phone' } });
  });

  it('ignores answers to fields the form does not ask', () => {
    expect(checkPreChat([NAME], { name: 'Ada', email: 'x', phone: 'y' })).toEqual({ ok: true, answers: { name: 'Ada' } });
  });

  it(`refuses an answer longer than ${MAX_PRE_CHAT_ANSWER} characters`, () => {
    expect(checkPreChat([NAME], { name: 'x'.repeat(MAX_PRE_CHAT_ANSWER) }).ok).toBe(true);
    expect(checkPreChat([NAME], { name: 'x'.repeat(MAX_PRE_CHAT_ANSWER + 1) })).toEqual({ ok: false, problems: { name: 'long' } });
  });
});
