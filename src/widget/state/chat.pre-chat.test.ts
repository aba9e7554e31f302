/**
 * DESIGN §3 `preChat`, §4 `start`: with a pre-chat form, the conversation's `start` waits until the form is
 * submitted and carries the answers in `params`; nothing is stored and no socket opens before that; a reload
 * of the same conversation does not ask again; "Start a new chat" asks again, with the last answers filled in.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PreChatField } from '../../config/config.ts';
import { checkPreChat, type PreChatAnswers } from './pre-chat.ts';
import { frame2, setupStateChat, useFixedClock } from './test-kit.ts';

const FIELDS: PreChatField[] = [
  { name: 'name', required: false },
  { name: 'email', required: true },
];
const config = { preChat: FIELDS };
/** What the form submits: the values typed, checked by checkPreChat (PreChatForm.tsx). */
const checked = (values: PreChatAnswers): PreChatAnswers => {
  const check = checkPreChat(FIELDS, values);
  if (!check.ok) throw new Error(`the form would not submit: ${JSON.stringify(check.problems)}`);
  return check.answers;
};

useFixedClock();

describe('createChat with a pre-chat form', () => {
  it('asks first: no conversation, nothing stored and no transport until the form is submitted', () => {
    const { chat, fakes, storage } = setupStateChat({ config });
    expect(chat.preChat.value).toEqual({ fields: FIELDS, answers: {} });
    expect(fakes.transports).toHaveLength(0);
    expect(storage.length).toBe(0);
    expect(chat.connection.value).toBe('connecting');
    chat.dispose();
  });

  it('sends start with the answers in params once the form is submitted, then connects', () => {
    const { chat, fakes, transport } = setupStateChat({ config });
    chat.submitPreChat({ name: 'Ada', email: 'ada@example.com' });
    expect(chat.preChat.value).toBeNull();
    expect(fakes.transports).toHaveLength(1);
    expect(transport().queued).toEqual([
      { type: 'start', direction: 'inbound', userId: 'id-1', id: 'id-2', params: { queue: 'billing', name: 'Ada', email: 'ada@example.com' } },
    ]);
    expect(transport().started).toBe(true);
    expect(chat.send('Hello')).toEqual({ ok: true });
    expect(transport().queued.map((e) => e.type)).toEqual(['start', 'text']);
    chat.dispose();
  });

  it('puts only the fields asked in params, trimmed, and leaves unanswered ones out; an answer wins over a host param of its name', () => {
    const { chat, transport } = setupStateChat({ config, startParams: { queue: 'billing', name: 'from the page' } });
    chat.submitPreChat(checked({ name: '  ', email: ' ada@example.com ', phone: '070 123 45 67' }));
    expect(transport().queued[0]).toMatchObject({ type: 'start', params: { queue: 'billing', name: 'from the page', email: 'ada@example.com' } });
    chat.dispose();

    const other = setupStateChat({ config, startParams: { name: 'from the page' } });
    other.chat.submitPreChat({ name: 'Ada', email: 'ada@example.com' });
    expect(other.transport().queued[0]).toMatchObject({ params: { name: 'Ada', email: 'ada@example.com' } });
    other.chat.dispose();
  });

  it('refuses to send or end anything while the form waits, and leaves no timer after dispose', () => {
    const { chat, fakes, storage, win } = setupStateChat({ config });
    expect(chat.send('too early')).toEqual({ ok: false, reason: 'ended' });
    chat.setDraft('typing');
    chat.chooseQuickReply({ type: 'postback', text: 'A', payload: 'a' });
    chat.endChat();
    chat.setPanelOpen(true);
    win.dispatchEvent(new Event('pagehide'));
    expect(fakes.transports).toHaveLength(0);
    expect(storage.length).toBe(0);
    expect(chat.ended.value).toBeNull();
    chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is not asked again after a reload of the same conversation, and sends no second start', () => {
    const first = setupStateChat({ config });
    first.chat.submitPreChat({ email: 'ada@example.com' });
    first.transport().receive(frame2('id-1', 'text', { text: 'Hej Ada', agent: { id: 'a1', name: 'Anna' }, id: 7 }));
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();

    const reloaded = setupStateChat({ config, storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.preChat.value).toBeNull();
    expect(reloaded.transport().conversation).toMatchObject({ userId: 'id-1', resuming: true });
    expect(reloaded.transport().queued).toEqual([]);
    expect(reloaded.chat.messages.value.map((m) => m.text)).toEqual(['Hej Ada']);
    reloaded.chat.dispose();
  });

  it('asks again after a reload before the form was submitted: that conversation never began', () => {
    const first = setupStateChat({ config });
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();
    const reloaded = setupStateChat({ config, storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.preChat.value).toEqual({ fields: FIELDS, answers: {} });
    expect(reloaded.fakes.transports).toHaveLength(0);
    reloaded.chat.dispose();
  });

  it('asks again for a new chat, with the last answers filled in, and begins it with a new userId', () => {
    const { chat, fakes, transport } = setupStateChat({ config });
    chat.submitPreChat({ name: 'Ada', email: 'ada@example.com' });
    const first = transport();
    first.receive(frame2('id-1', 'end_session', { id: 8 }));
    chat.startNew();
    expect(chat.preChat.value).toEqual({ fields: FIELDS, answers: { name: 'Ada', email: 'ada@example.com' } });
    expect(fakes.transports).toHaveLength(1);
    expect(first.forgotten).toBe(true);

    chat.submitPreChat({ name: 'Ada L.', email: 'ada@example.com' });
    const second = transport();
    expect(second).not.toBe(first);
    expect(second.conversation.userId).not.toBe('id-1');
    expect(second.queued).toEqual([
      expect.objectContaining({ type: 'start', userId: second.conversation.userId, params: { queue: 'billing', name: 'Ada L.', email: 'ada@example.com' } }),
    ]);
    chat.dispose();
  });

  it('starts at once without a form (preChat empty)', () => {
    const { chat, transport } = setupStateChat();
    expect(chat.preChat.value).toBeNull();
    expect(transport().queued.map((e) => e.type)).toEqual(['start']);
    chat.dispose();
  });
});
