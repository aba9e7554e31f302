import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frame1, frame2, setupStateChat } from './test-kit.ts';

const USER = 'id-1';

interface Fields {
  text?: string;
  agent?: Record<string, unknown>;
  typing?: number;
  imageId?: string;
  image?: string;
  quickReplies?: unknown[];
  queueNumber?: number;
  reasonText?: string;
  id?: number;
}

/** The same outbound event in either wire format (seed 001 top level, or seed 000 `raw`). */
function wire(format: 1 | 2, type: string, f: Fields = {}, userId = USER): string {
  if (format === 2) return frame2(userId, type, { ...f });
  const top: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  if (f.id !== undefined) top.id = f.id;
  if (type === 'queue_number') top.text = String(f.queueNumber);
  else if (f.text !== undefined) {
    top.text = f.text;
    raw.message = f.text;
  }
  if (f.agent) raw.agent = f.agent;
  if (f.typing !== undefined) raw.typing = f.typing;
  if (f.image !== undefined) raw.data = { image: f.image };
  if (f.imageId !== undefined) raw.imageId = f.imageId;
  if (f.quickReplies) raw.quickReplies = f.quickReplies;
  if (f.reasonText !== undefined) raw.reasonText = f.reasonText;
  return frame1(userId, type, top, raw);
}

const HUMAN = { id: 'anan01', name: 'Anders Andersson', type: 'human', avatarId: 'avatar1' };
const BOT = { id: 'bot', name: 'Bot' };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The chat on a fake transport; `receive` plays the broker (the transport's own filtering: transport.test.ts). */
function connected() {
  const t = setupStateChat();
  const receive = (frame: string) => t.transport().receive(frame);
  return { ...t, receive };
}

describe.each([2, 1] as const)('received events, wire format %i', (format) => {
  it('shows a human agent text with name, avatar and unread count', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'text', { text: 'Hej!', agent: HUMAN, id: 1 }));
    expect(chat.messages.value).toEqual([
      {
        kind: 'agent',
        key: 'e1',
        at: Date.now(),
        text: 'Hej!',
        agent: { name: 'Anders Andersson', human: true, avatarUrl: 'https://cdn.test/sermo/avatars/avatar1.svg' },
      },
    ]);
    expect(chat.currentAgent.value?.name).toBe('Anders Andersson');
    expect(chat.unreadCount.value).toBe(1);
    chat.dispose();
  });

  it('shows a bot text only after its typing time, with the typing indicator meanwhile', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'text', { text: 'Hej!', agent: BOT, typing: 1000 }));
    expect(chat.messages.value).toEqual([]);
    expect(chat.agentTyping.value).toEqual({ name: 'Bot', human: false });
    vi.advanceTimersByTime(999);
    expect(chat.messages.value).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(chat.messages.value.map((m) => m.text)).toEqual(['Hej!']);
    expect(chat.agentTyping.value).toBeNull();
    chat.dispose();
  });

  it('caps a bot typing time at 10 s', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'text', { text: 'slow', agent: BOT, typing: 600_000 }));
    vi.advanceTimersByTime(10_000);
    expect(chat.messages.value.map((m) => m.text)).toEqual(['slow']);
    chat.dispose();
  });

  it('shows an image by id from the images endpoint', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'text', { text: 'Bild', agent: HUMAN, imageId: 'a/b' }));
    expect(chat.messages.value[0]).toMatchObject({ kind: 'agent', imageUrl: 'http://broker.test/images/a%2Fb' });
    chat.dispose();
  });

  it('shows quick replies of the latest message only', () => {
    const { chat, receive } = connected();
    const replies = [{ type: 'postback', text: 'Alternativ 1', payload: 'p1' }];
    receive(wire(format, 'text', { text: 'Välj', agent: BOT, quickReplies: replies }));
    expect(chat.quickReplies.value).toEqual(replies);
    receive(wire(format, 'text', { text: 'Eller skriv', agent: BOT }));
    expect(chat.quickReplies.value).toEqual([]);
    chat.dispose();
  });

  it('shows agent id "system" texts and info as system lines', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'text', { text: 'Chatten har placerats i kön', agent: { id: 'system', name: 'Info' } }));
    receive(wire(format, 'info', { text: 'Info line' }));
    expect(chat.messages.value.map((m) => [m.kind, m.text, m.kind === 'system' && m.tone])).toEqual([
      ['system', 'Chatten har placerats i kön', 'info'],
      ['system', 'Info line', 'info'],
    ]);
    expect(chat.unreadCount.value).toBe(0);
    chat.dispose();
  });

  it('updates the queue position in place and clears it when a human writes', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'queue_number', { queueNumber: 3 }));
    expect(chat.queue.value).toEqual({ position: 3 });
    receive(wire(format, 'queue_number', { queueNumber: 2 }));
    expect(chat.queue.value).toEqual({ position: 2 });
    expect(chat.messages.value).toEqual([]);
    receive(wire(format, 'text', { text: 'still the bot', agent: BOT }));
    expect(chat.queue.value).toEqual({ position: 2 });
    receive(wire(format, 'text', { text: 'Hej, Anders här', agent: { id: 'anan01', name: 'Anders' } }));
    expect(chat.queue.value).toBeNull();
    chat.dispose();
  });

  it('turns the agent typing indicator on and off, and off by itself after 30 s', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'text', { text: 'Hej', agent: HUMAN }));
    receive(wire(format, 'typing_on', { agent: { name: '' } }));
    expect(chat.agentTyping.value?.name).toBe('Anders Andersson');
    receive(wire(format, 'typing_off', { agent: { name: '' } }));
    expect(chat.agentTyping.value).toBeNull();
    receive(wire(format, 'typing_on', { agent: { name: 'Eva' } }));
    expect(chat.agentTyping.value?.name).toBe('Eva');
    vi.advanceTimersByTime(10_000);
    receive(wire(format, 'queue_number', { queueNumber: 1 })); // unrelated events keep the timer
    vi.advanceTimersByTime(19_999);
    expect(chat.agentTyping.value).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(chat.agentTyping.value).toBeNull();
    receive(wire(format, 'typing_on', { agent: { name: 'Eva' } }));
    vi.advanceTimersByTime(20_000);
    receive(wire(format, 'typing_on', { agent: { name: 'Eva' } })); // a new typing_on restarts it
    vi.advanceTimersByTime(29_999);
    expect(chat.agentTyping.value).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(chat.agentTyping.value).toBeNull();
    chat.dispose();
  });

  it('shows agent_done as a system line and keeps the conversation open', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'agent_done', { text: 'Agenten är inte längre aktiv', agent: { id: 'system', name: 'Info' } }));
    expect(chat.messages.value.at(-1)).toMatchObject({ kind: 'system', tone: 'done', text: 'Agenten är inte längre aktiv' });
    expect(chat.ended.value).toBeNull();
    expect(chat.send('one more question')).toEqual({ ok: true });
    chat.dispose();
  });

  it('shows platform_closed as one line with a default text', () => {
    const { chat, receive } = connected();
    receive(wire(format, 'platform_closed'));
    expect(chat.messages.value).toHaveLength(1);
    expect(chat.messages.value.at(-1)).toMatchObject({
      kind: 'system',
      tone: 'closed',
      text: 'The chat is closed right now. Please try again later.',
    });
    chat.dispose();
  });

  it('ends the conversation on end_session with its reason; the transport finishes', () => {
    const { chat, transport, receive } = connected();
    receive(wire(format, 'queue_number', { queueNumber: 1 }));
    receive(wire(format, 'end_session', { reasonText: 'Agenten har lämnat chatten' }));
    expect(chat.ended.value).toBe('agent');
    expect(chat.queue.value).toBeNull();
    expect(chat.messages.value.at(-1)).toMatchObject({ kind: 'system', tone: 'ended', text: 'Agenten har lämnat chatten' });
    expect(transport().finished).toBe(true);
    expect(chat.send('hello?')).toEqual({ ok: false, reason: 'ended' });
    chat.dispose();
  });
});

describe('received events, details', () => {
  it('uses an end_session default text when there is no reason', () => {
    const { chat, receive } = connected();
    receive(frame2(USER, 'end_session'));
    expect(chat.messages.value.at(-1)).toMatchObject({ tone: 'ended', text: 'The chat has ended.' });
    chat.dispose();
  });

  it('shows the estimated wait when the broker gives one', () => {
    const { chat, receive } = connected();
    receive(frame2(USER, 'queue_number', { queueNumber: 2, estimatedWaitSeconds: 120 }));
    expect(chat.queue.value).toEqual({ position: 2, estimatedWaitSeconds: 120 });
    chat.dispose();
  });

  it('shows a seed 000 inline image only when it is a base64 raster data URL', () => {
    const { chat, receive } = connected();
    receive(frame1(USER, 'text', { text: 'ok' }, { message: 'ok', data: { image: 'data:image/jpeg;base64,/9j/4AAQ+/=' } }));
    receive(frame1(USER, 'text', { text: 'svg' }, { message: 'svg', data: { image: 'data:image/svg+xml;base64,PHN2Zz4=' } }));
    expect(chat.messages.value.map((m) => (m.kind === 'agent' ? m.imageUrl : 'none'))).toEqual([
      'data:image/jpeg;base64,/9j/4AAQ+/=',
      undefined,
    ]);
    chat.dispose();
  });

  it('keeps the wire order when bot messages are delayed', () => {
    const { chat, receive } = connected();
    receive(frame2(USER, 'text', { text: 'first', agent: BOT, typing: 2000 }));
    receive(frame2(USER, 'info', { text: 'between' }));
    receive(frame2(USER, 'text', { text: 'second', agent: BOT, typing: 500 }));
    receive(frame2(USER, 'text', { text: 'third', agent: HUMAN }));
    const texts = () => chat.messages.value.map((m) => m.text);
    vi.advanceTimersByTime(1999);
    expect(texts()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(texts()).toEqual(['first', 'between']);
    expect(chat.agentTyping.value?.name).toBe('Bot');
    vi.advanceTimersByTime(500);
    expect(texts()).toEqual(['first', 'between', 'second', 'third']);
    chat.dispose();
  });

  it('ignores garbage frames: nothing changes, each is counted', () => {
    const { chat, transport, receive } = connected();
    receive(frame2(USER, 'text', { text: 'before', agent: HUMAN, id: 1 }));
    const before = {
      messages: chat.messages.value,
      queue: chat.queue.value,
      typing: chat.agentTyping.value,
      ended: chat.ended.value,
      sent: transport().sent.length + transport().queued.length,
    };
    const garbage = [
      'not json',
      '',
      '[]',
      'null',
      '42',
      '"text"',
      '{}',
      '{"type":"text"}',
      frame2(USER, 'text', { text: 42 }),
      frame2(USER, 'queue_number', { queueNumber: 'many' }),
      frame2(USER, 'brand_new_event', { text: 'hi' }),
      JSON.stringify({ type: 'text', direction: 'inbound', userId: USER, text: 'echo' }),
      JSON.stringify({ type: 'handover_to_agent', direction: 'internal', userId: USER }),
      '{"type":"text","direction":"outbound","userId":"id-1","text":"x","__proto__":{"polluted":true}}'.repeat(2),
    ];
    for (const frame of garbage) receive(frame);
    expect(chat.messages.value).toBe(before.messages);
    expect(chat.queue.value).toBe(before.queue);
    expect(chat.agentTyping.value).toBe(before.typing);
    expect(chat.ended.value).toBe(before.ended);
    expect(transport().sent.length + transport().queued.length).toBe(before.sent);
    expect(chat.droppedFrames.value).toBe(garbage.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    chat.dispose();
  });
});
