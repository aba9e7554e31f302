import { describe, expect, it, vi } from 'vitest';
import type { InboundEvent } from '../../protocol/index.ts';
import { createFakeConnect } from '../connection/fake-transport.ts';
import { createChat } from './chat.ts';
import { LOG_KEY } from './log.ts';
import { TEST_CONFIG, frame2, setupStateChat, useFixedClock } from './test-kit.ts';
import { EN_STATE_TEXTS } from './texts.ts';

const USER = 'id-1';
const kinds = (events: readonly InboundEvent[]) => events.map((e) => e.type);

useFixedClock();

describe('createChat: what it sends', () => {
  it('begins a new conversation with a start carrying the params, through the outbox, and connects', () => {
    const { chat, transport } = setupStateChat();
    expect(transport().conversation).toMatchObject({ userId: USER, lastEventId: 0, resuming: false });
    expect(transport().queued).toEqual([{ type: 'start', direction: 'inbound', userId: USER, id: 'id-2', params: { queue: 'billing' } }]);
    expect(transport().started).toBe(true);
    chat.dispose();
    expect(transport().disposed).toBe(true);
  });

  it('leaves start.params out that would take the frame over the 64 KiB limit, and says which (issue 12, row 12)', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const startParams: Record<string, string> = { queue: 'billing' };
    for (let i = 0; i < 50; i++) startParams[`p${i}`] = '\u0001'.repeat(999);
    const { chat, transport } = setupStateChat({ startParams });
    const [start] = transport().queued;
    expect(start?.type).toBe('start');
    const params = start?.type === 'start' ? start.params : {};
    expect(params.queue).toBe('billing');
    expect(new TextEncoder().encode(JSON.stringify(start)).length).toBeLessThanOrEqual(64 * 1024);
    const kept = Object.keys(params).length;
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(51);
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/start\.params too long, left out: p\d+, p\d+/);
    chat.dispose();
  });

  it('gives every event its own id', () => {
    const { chat, transport, win } = setupStateChat();
    chat.send('hello');
    chat.setDraft('typing');
    win.dispatchEvent(new Event('pagehide'));
    const ids = [...transport().queued, ...transport().sent].map((e) => e.id);
    expect(ids).toHaveLength(4);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    chat.dispose();
  });

  it('refuses empty and too long texts', () => {
    const { chat } = setupStateChat();
    expect(chat.send('   \n ')).toEqual({ ok: false, reason: 'empty' });
    expect(chat.send('x'.repeat(5_001))).toEqual({ ok: false, reason: 'too_long' });
    expect(chat.send('x'.repeat(5_000))).toEqual({ ok: true });
    expect(chat.messages.value).toHaveLength(1);
    chat.dispose();
  });

  it('shows a text as pending ("Sending…") until the transport delivered it', () => {
    const { chat, transport } = setupStateChat();
    expect(chat.send('  Hej  ')).toEqual({ ok: true });
    expect(chat.messages.value).toEqual([{ kind: 'customer', key: 'id-3', at: Date.now(), text: 'Hej', status: 'pending' }]);
    expect(transport().queued.at(-1)).toEqual({ type: 'text', direction: 'inbound', userId: USER, id: 'id-3', text: 'Hej' });
    transport().deliver('id-2');
    expect(chat.messages.value[0]).toMatchObject({ status: 'pending' });
    transport().deliver('id-3');
    expect(chat.messages.value[0]).toMatchObject({ status: 'sent' });
    chat.dispose();
  });

  it('sends a chosen quick reply with its payload and removes the buttons', () => {
    const { chat, transport } = setupStateChat();
    const reply = { type: 'postback', text: 'Alternativ 1', payload: 'postback-alternative-1' } as const;
    transport().receive(frame2(USER, 'text', { text: 'Välj', agent: { id: 'bot' }, quickReplies: [reply] }));
    chat.chooseQuickReply(reply);
    expect(chat.quickReplies.value).toEqual([]);
    expect(transport().queued.at(-1)).toMatchObject({ type: 'text', text: 'Alternativ 1', quickReplyPayload: 'postback-alternative-1' });
    chat.dispose();
  });

  it('throttles typing_on to one per 300 ms and always sends the last draft', () => {
    const { chat, transport } = setupStateChat();
    const drafts = () => transport().sent.flatMap((e) => (e.type === 'typing_on' ? [e.text] : []));
    chat.setDraft('H');
    chat.setDraft('He');
    chat.setDraft('Hej');
    expect(drafts()).toEqual(['H']);
    vi.advanceTimersByTime(299);
    expect(drafts()).toEqual(['H']);
    vi.advanceTimersByTime(1);
    expect(drafts()).toEqual(['H', 'Hej']);
    chat.setDraft('Hej d');
    chat.setDraft('Hej då');
    vi.advanceTimersByTime(300);
    expect(drafts()).toEqual(['H', 'Hej', 'Hej då']);
    expect(transport().sent.at(-1)).toMatchObject({ type: 'typing_on', at: new Date(Date.now()).toISOString() });
    chat.dispose();
  });

  it('sends messages_read only when the panel is open, the document visible and the message in view', () => {
    const { chat, transport, win } = setupStateChat();
    const reads = () => transport().sent.filter((e) => e.type === 'messages_read');
    transport().receive(frame2(USER, 'text', { text: 'one', agent: { id: 'anan01' }, id: 1 }));
    expect(chat.unreadCount.value).toBe(1);
    chat.markInView(['e1']); // panel closed
    expect(reads()).toHaveLength(0);
    win.setVisibility('hidden');
    chat.setPanelOpen(true);
    chat.markInView(['e1']); // document hidden
    expect(reads()).toHaveLength(0);
    expect(chat.unreadCount.value).toBe(1);
    win.setVisibility('visible');
    expect(reads()).toEqual([{ type: 'messages_read', direction: 'inbound', userId: USER, id: expect.any(String), text: 'read', at: new Date(Date.now()).toISOString() }]);
    expect(chat.unreadCount.value).toBe(0);
    transport().receive(frame2(USER, 'text', { text: 'two', agent: { id: 'anan01' }, id: 2 }));
    transport().receive(frame2(USER, 'text', { text: 'three', agent: { id: 'anan01' }, id: 3 }));
    chat.markInView(['e3']); // "read up to now": e2, above it, too
    expect(chat.unreadCount.value).toBe(0);
    expect(reads()).toHaveLength(1); // at most one a second
    vi.advanceTimersByTime(1_000);
    expect(reads()).toHaveLength(2); // one for the batch
    expect(chat.unreadCount.value).toBe(0);
    chat.dispose();
  });

  it('sends messages_read once the panel opens again on a message that arrived while it was minimised', () => {
    const { chat, transport } = setupStateChat();
    const reads = () => transport().sent.filter((e) => e.type === 'messages_read');
    chat.setPanelOpen(true);
    chat.setPanelOpen(false); // minimised
    transport().receive(frame2(USER, 'text', { text: 'while away', agent: { id: 'anan01' }, id: 1 }));
    // The minimised iframe is invisible, not gone: its observer reports the new row in view, and only then.
    chat.markInView(['e1']);
    expect(reads()).toHaveLength(0);
    expect(chat.unreadCount.value).toBe(1);
    chat.setPanelOpen(true);
    expect(reads()).toHaveLength(1);
    expect(chat.unreadCount.value).toBe(0);
    chat.dispose();
  });

  it('endChat queues client_left in the outbox, ends the chat as "customer" and forgets it for the next page', () => {
    const { chat, transport, storage } = setupStateChat();
    transport().online = false; // offline: client_left waits, it is not lost
    chat.send('bye');
    chat.endChat();
    expect(transport().queued.at(-1)).toEqual({
      type: 'client_left',
      direction: 'inbound',
      userId: USER,
      id: expect.any(String),
      text: 'The customer has closed the chat.',
      at: new Date(Date.now()).toISOString(),
    });
    expect(kinds(transport().pending())).toEqual(['start', 'text', 'client_left']);
    // Delivered from memory while the page lives; nothing of the conversation is left in storage but its
    // userId as the one left (log.ts: another tab's late write cannot bring it back).
    expect(transport().forgotten).toBe(true);
    expect(transport().finished).toBe(true);
    expect(storage.length).toBe(1);
    expect(storage.getItem(`${LOG_KEY}.left`)).toBe(USER);
    expect(chat.ended.value).toBe('customer');
    expect(chat.connection.value).toBe('connecting'); // no banner about the link of an ended chat
    expect(chat.messages.value.map((m) => m.text)).toEqual(['bye']);
    expect(chat.send('again')).toEqual({ ok: false, reason: 'ended' });
    chat.dispose();

    const next = setupStateChat({ storage, idPrefix: 'next' });
    expect(next.chat.messages.value).toEqual([]);
    expect(next.transport().queued[0]).toMatchObject({ type: 'start', userId: 'next-1' });
    next.chat.dispose();
  });

  it('writes client_left in Swedish for locale sv', () => {
    const { chat, transport } = setupStateChat({ config: { locale: 'sv' } });
    chat.endChat();
    expect(transport().queued.at(-1)).toMatchObject({ type: 'client_left', text: 'Kunden har stängt chatten.' });
    chat.dispose();
  });

  it('sends client_unload once per page, on pagehide or unload, straight to an open socket', () => {
    const { chat, transport, win } = setupStateChat();
    transport().online = false;
    win.dispatchEvent(new Event('pagehide')); // no socket: not sent, may go later in this page
    transport().online = true;
    win.dispatchEvent(new Event('pagehide'));
    win.dispatchEvent(new Event('unload'));
    win.dispatchEvent(new Event('pagehide'));
    expect(transport().sent.filter((e) => e.type === 'client_unload')).toEqual([
      { type: 'client_unload', direction: 'inbound', userId: USER, id: expect.any(String), at: new Date(Date.now()).toISOString() },
    ]);
    chat.dispose();
  });

  it('startNew begins a new conversation: new userId and transport, new start, empty history', () => {
    const { chat, fakes } = setupStateChat();
    const first = fakes.last();
    first.receive(frame2(USER, 'text', { text: 'hi', agent: { id: 'bot' }, id: 1 }));
    first.receive(frame2(USER, 'end_session'));
    expect(chat.ended.value).toBe('agent');
    expect(first.finished).toBe(true);
    chat.startNew();
    expect(chat.ended.value).toBeNull();
    expect(chat.messages.value).toEqual([]);
    expect(chat.unreadCount.value).toBe(0);
    const second = fakes.last();
    expect(second).not.toBe(first);
    expect(first.forgotten).toBe(true);
    expect(second.conversation).toMatchObject({ lastEventId: 0, resuming: false });
    expect(second.conversation.userId).not.toBe(USER);
    expect(second.queued).toEqual([{ type: 'start', direction: 'inbound', userId: second.conversation.userId, id: expect.any(String), params: { queue: 'billing' } }]);
    expect(second.started).toBe(true);
    chat.dispose();
    expect(first.disposed && second.disposed).toBe(true);
  });

  it('uploads an image, then queues its id with the caption', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetch: typeof globalThis.fetch = async (url, init) => {
      calls.push({ url: String(url), init });
      return new Response('{"id":"img-7"}', { status: 201, headers: { 'content-type': 'application/json', location: '/images/img-7' } });
    };
    const { chat, transport } = setupStateChat({ fetch });
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])]);
    expect(await chat.sendImage(png, ' look ')).toEqual({ ok: true });
    expect(calls[0]?.url).toBe('http://broker.test/images');
    expect(calls[0]?.init?.headers).toMatchObject({ 'X-Sermo-User': USER });
    expect(transport().queued.at(-1)).toMatchObject({ type: 'text', text: 'look', imageId: 'img-7' });
    expect(chat.messages.value.at(-1)).toMatchObject({ kind: 'customer', imageUrl: 'http://broker.test/images/img-7' });
    expect(await chat.sendImage(new Blob(['<svg/>']), '')).toEqual({ ok: false, reason: 'bad_type' });
    expect(calls).toHaveLength(1);
    chat.dispose();
  });

  it('works with no window and no storage given', () => {
    const fakes = createFakeConnect();
    const chat = createChat({ config: TEST_CONFIG, texts: EN_STATE_TEXTS, startParams: {}, widgetBase: 'https://cdn.test/', connect: fakes.connect });
    expect(chat.connection.value).toBe('connecting');
    fakes.last().status.value = 'online';
    expect(chat.connection.value).toBe('online');
    chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
