import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChat } from './chat.ts';
import { TEST_CONFIG, frame2, sentEvents, setupChat } from './test-kit.ts';

const USER = 'id-1';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createChat: what it sends', () => {
  it('sends start with the params, then a heartbeat, on the first connect only', () => {
    const { chat, fake } = setupChat();
    fake.last().open();
    expect(sentEvents(fake.last())).toEqual([
      { type: 'start', direction: 'inbound', userId: USER, id: 'id-2', params: { queue: 'billing' } },
      { type: 'heartbeat', direction: 'inbound', userId: USER, id: 'id-3' },
    ]);
    vi.advanceTimersByTime(10_000);
    expect(sentEvents(fake.last()).at(-1)).toMatchObject({ type: 'heartbeat' });
    fake.last().serverClose();
    vi.advanceTimersByTime(250);
    fake.last().open();
    expect(sentEvents(fake.last()).map((e) => e.type)).toEqual(['heartbeat']);
    chat.dispose();
  });

  it('gives every sent event its own id', () => {
    const { chat, fake, win } = setupChat();
    fake.last().open();
    chat.send('hello');
    chat.setDraft('typing');
    vi.advanceTimersByTime(10_000);
    win.dispatchEvent(new Event('pagehide'));
    const ids = sentEvents(fake.last()).map((e) => e.id);
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    chat.dispose();
  });

  it('refuses empty and too long texts', () => {
    const { chat } = setupChat();
    expect(chat.send('   \n ')).toEqual({ ok: false, reason: 'empty' });
    expect(chat.send('x'.repeat(5_001))).toEqual({ ok: false, reason: 'too_long' });
    expect(chat.send('x'.repeat(5_000))).toEqual({ ok: true });
    expect(chat.messages.value).toHaveLength(1);
    chat.dispose();
  });

  it('shows a text as pending until it is written to an open socket (broker without acks)', () => {
    const { chat, fake } = setupChat();
    expect(chat.send('  Hej  ')).toEqual({ ok: true });
    expect(chat.messages.value).toEqual([{ kind: 'customer', key: 'id-3', at: Date.now(), text: 'Hej', status: 'pending' }]);
    fake.last().open();
    // The outbox paces: start now, the text 100 ms later.
    expect(chat.messages.value[0]).toMatchObject({ status: 'pending' });
    vi.advanceTimersByTime(100);
    expect(chat.messages.value[0]).toMatchObject({ status: 'sent' });
    expect(sentEvents(fake.last()).map((e) => e.type)).toEqual(['start', 'heartbeat', 'text']);
    expect(sentEvents(fake.last())[2]).toEqual({
      type: 'text',
      direction: 'inbound',
      userId: USER,
      id: 'id-3',
      text: 'Hej',
    });
    chat.dispose();
  });

  it('sends a chosen quick reply with its payload and removes the buttons', () => {
    const { chat, fake } = setupChat();
    fake.last().open();
    const reply = { type: 'postback', text: 'Alternativ 1', payload: 'postback-alternative-1' } as const;
    fake.last().receive(frame2(USER, 'text', { text: 'Välj', agent: { id: 'bot' }, quickReplies: [reply] }));
    chat.chooseQuickReply(reply);
    expect(chat.quickReplies.value).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(sentEvents(fake.last()).at(-1)).toMatchObject({
      type: 'text',
      text: 'Alternativ 1',
      quickReplyPayload: 'postback-alternative-1',
    });
    chat.dispose();
  });

  it('throttles typing_on to one per 300 ms and always sends the last draft', () => {
    const { chat, fake } = setupChat();
    fake.last().open();
    const drafts = () => sentEvents(fake.last()).flatMap((e) => (e.type === 'typing_on' ? [e.text] : []));
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
    const last = sentEvents(fake.last()).at(-1);
    expect(last).toMatchObject({ type: 'typing_on', at: new Date(Date.now()).toISOString() });
    chat.dispose();
  });

  it('sends messages_read only when the panel is open, the document visible and the message in view', () => {
    const { chat, fake, win } = setupChat();
    fake.last().open();
    const reads = () => sentEvents(fake.last()).filter((e) => e.type === 'messages_read');
    fake.last().receive(frame2(USER, 'text', { text: 'one', agent: { id: 'anan01' }, id: 1 }));
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
    fake.last().receive(frame2(USER, 'text', { text: 'two', agent: { id: 'anan01' }, id: 2 }));
    fake.last().receive(frame2(USER, 'text', { text: 'three', agent: { id: 'anan01' }, id: 3 }));
    chat.markInView(['e3']); // "read up to now": e2, above it, too
    expect(chat.unreadCount.value).toBe(0);
    expect(reads()).toHaveLength(1); // at most one a second
    vi.advanceTimersByTime(1_000);
    expect(reads()).toHaveLength(2); // one for the batch
    expect(chat.unreadCount.value).toBe(0);
    chat.dispose();
  });

  it('endChat sends client_left, ends the chat as "customer" and forgets it for the next page', () => {
    const { chat, fake, storage } = setupChat();
    fake.last().open();
    chat.send('bye');
    chat.endChat();
    expect(sentEvents(fake.last()).at(-1)).toEqual({
      type: 'client_left',
      direction: 'inbound',
      userId: USER,
      id: expect.any(String),
      text: 'The customer has closed the chat.',
      at: new Date(Date.now()).toISOString(),
    });
    expect(chat.ended.value).toBe('customer');
    expect(chat.messages.value.map((m) => m.text)).toEqual(['bye']);
    expect(fake.last().closedByClient).toBe(1000);
    expect(chat.send('again')).toEqual({ ok: false, reason: 'ended' });
    chat.dispose();

    const next = setupChat({ storage, idPrefix: 'next' });
    expect(next.chat.messages.value).toEqual([]);
    next.fake.last().open();
    expect(sentEvents(next.fake.last())[0]).toMatchObject({ type: 'start', userId: 'next-1' });
    next.chat.dispose();
  });

  it('writes client_left in Swedish for locale sv', () => {
    const { chat, fake } = setupChat({ config: { locale: 'sv' } });
    fake.last().open();
    chat.endChat();
    expect(sentEvents(fake.last()).at(-1)).toMatchObject({ type: 'client_left', text: 'Kunden har stängt chatten.' });
    chat.dispose();
  });

  it('sends client_unload once per page, on pagehide or unload', () => {
    const { chat, fake, win } = setupChat();
    fake.last().open();
    win.dispatchEvent(new Event('pagehide'));
    win.dispatchEvent(new Event('unload'));
    win.dispatchEvent(new Event('pagehide'));
    expect(sentEvents(fake.last()).filter((e) => e.type === 'client_unload')).toEqual([
      { type: 'client_unload', direction: 'inbound', userId: USER, id: expect.any(String), at: new Date(Date.now()).toISOString() },
    ]);
    chat.dispose();
  });

  it('startNew begins a new conversation: new userId, new start, empty history', () => {
    const { chat, fake } = setupChat();
    fake.last().open();
    fake.last().receive(frame2(USER, 'text', { text: 'hi', agent: { id: 'bot' }, id: 1 }));
    fake.last().receive(frame2(USER, 'end_session'));
    expect(chat.ended.value).toBe('agent');
    chat.startNew();
    expect(chat.ended.value).toBeNull();
    expect(chat.messages.value).toEqual([]);
    expect(chat.unreadCount.value).toBe(0);
    fake.last().open();
    const [start, beat] = sentEvents(fake.last());
    expect(start).toMatchObject({ type: 'start', params: { queue: 'billing' } });
    expect(start?.userId).not.toBe(USER);
    expect(beat).toMatchObject({ type: 'heartbeat', userId: start?.userId });
    expect(beat).not.toHaveProperty('lastEventId');
    // The old conversation's frames are now for another userId.
    fake.last().receive(frame2(USER, 'text', { text: 'old', agent: { id: 'bot' } }));
    expect(chat.messages.value).toEqual([]);
    chat.dispose();
  });

  it('speaks wire format 1 when configured', () => {
    const { chat, fake } = setupChat({ config: { protocol: 1 } });
    fake.last().open();
    chat.send('Hej');
    vi.advanceTimersByTime(100);
    const frames = fake.last().sent.map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(frames[0]).toMatchObject({ type: 'start', platform: 'webchat', user: { id: USER }, raw: { params: { queue: 'billing' } } });
    expect(frames[1]).toMatchObject({ type: 'heartbeat', platform: 'webchat', text: 'beat', raw: {} });
    expect(frames[2]).toMatchObject({ type: 'text', platform: 'webchat', text: 'Hej', raw: { text: 'Hej', type: 'text', platformId: 'webchat' } });
    expect(frames.every((f) => typeof f.id === 'string')).toBe(true);
    chat.dispose();
  });

  it('reconnects at once when the network comes back or the page becomes visible', () => {
    const { chat, fake, win } = setupChat();
    fake.last().open();
    fake.last().serverClose();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(30_000);
      fake.last().fail();
    }
    const count = fake.sockets.length;
    win.dispatchEvent(new Event('online'));
    expect(fake.sockets).toHaveLength(count + 1);
    fake.last().fail();
    win.setVisibility('hidden');
    win.setVisibility('visible');
    expect(fake.sockets).toHaveLength(count + 2);
    expect(chat.connection.value).toBe('unreachable');
    fake.last().open();
    expect(chat.connection.value).toBe('online');
    chat.dispose();
  });

  it('uploads an image, then sends its id with the caption', async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetch: typeof globalThis.fetch = async (url, init) => {
      calls.push({ url: String(url), init });
      return new Response('{"id":"img-7"}', { status: 201, headers: { 'content-type': 'application/json', location: '/images/img-7' } });
    };
    const { chat, fake } = setupChat({ fetch });
    fake.last().open();
    const png = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])]);
    expect(await chat.sendImage(png, ' look ')).toEqual({ ok: true });
    vi.advanceTimersByTime(100);
    expect(calls[0]?.url).toBe('http://broker.test/images');
    expect(calls[0]?.init?.headers).toMatchObject({ 'X-Sermo-User': USER });
    expect(sentEvents(fake.last()).at(-1)).toMatchObject({ type: 'text', text: 'look', imageId: 'img-7' });
    expect(chat.messages.value.at(-1)).toMatchObject({ kind: 'customer', imageUrl: 'http://broker.test/images/img-7' });
    expect(await chat.sendImage(new Blob(['<svg/>']), '')).toEqual({ ok: false, reason: 'bad_type' });
    expect(calls).toHaveLength(1);
    chat.dispose();
  });

  it('works with the default WebSocket-like constructor and no window', () => {
    const chat = createChat({
      config: TEST_CONFIG,
      startParams: {},
      widgetBase: 'https://cdn.test/',
      WebSocketImpl: class {
        readyState = 0;
        send() {}
        close() {}
        addEventListener() {}
        removeEventListener() {}
      },
    });
    expect(chat.connection.value).toBe('connecting');
    chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
