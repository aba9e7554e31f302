/**
 * Rich messages in the chat state, in both wire formats: `format: "markdown"` and `attachments` reach the
 * message (DESIGN §4, §4.4), what no card can show is counted like a bad frame, and another human agent
 * than the last one who wrote is announced with a system line (DESIGN §4, seed 002).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from './types.ts';
import { viewAttachments } from './attachment-view.ts';
import { frame1, frame2, setupStateChat } from './test-kit.ts';

const USER = 'id-1';
const ANNA = { id: 'anna01', name: 'Anna', type: 'human' };
const OMAR = { id: 'omar02', name: 'Omar', type: 'human' };
const BOT = { id: 'bot', name: 'Nora' };
const LINK = { type: 'link', url: 'https://example.com/help', title: 'Help' };

/** An agent text in one wire format; `extra` goes where that format carries it (format 1: in raw). */
function text(format: 1 | 2, body: string, agent: object, id: number, extra: Record<string, unknown> = {}): string {
  return format === 2
    ? frame2(USER, 'text', { text: body, agent, id, ...extra })
    : frame1(USER, 'text', { text: body, id }, { message: body, agent, ...extra });
}

/** Each message as a line: `agent NAME: text` or `system: text`. */
const lines = (messages: readonly ChatMessage[]) =>
  messages.map((m) => (m.kind === 'agent' ? `${m.agent.name}: ${m.text}` : `${m.kind}: ${m.text}`));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each([2, 1] as const)('rich messages, wire format %i', (format) => {
  it('marks a markdown text, and keeps a plain one plain', () => {
    const { chat, transport } = setupStateChat();
    transport().receive(text(format, '**Hi**', ANNA, 1, { format: 'markdown' }));
    transport().receive(text(format, '**Hi**', ANNA, 2, { format: 'html' }));
    const [markdown, plain] = chat.messages.value;
    expect(markdown).toMatchObject({ kind: 'agent', text: '**Hi**', markdown: true });
    expect(plain).not.toHaveProperty('markdown');
    chat.dispose();
  });

  it('keeps the attachments with the images endpoint, and counts those no card can show once', async () => {
    const { chat, transport } = setupStateChat();
    const list = [LINK, { type: 'hologram' }, { type: 'file', url: 'javascript:alert(1)', name: 'x' }, { type: 'image', imageId: 'img 1' }];
    transport().receive(text(format, 'See these', ANNA, 1, { attachments: list }));
    const [message] = chat.messages.value;
    expect(message).toMatchObject({ kind: 'agent', text: 'See these', attachments: { list, imagesUrl: 'http://broker.test' } });
    await vi.waitFor(() => expect(chat.droppedFrames.value).toBe(2));
    if (message?.kind !== 'agent' || !message.attachments) throw new Error('expected attachments');
    expect(viewAttachments(message.attachments).views).toEqual([LINK, { type: 'image', url: 'http://broker.test/images/img%201' }]);
    chat.dispose();
  });
});

describe('the "NAME joined the chat" line (DESIGN §4)', () => {
  const play = (...agents: object[]) => {
    const { chat, transport } = setupStateChat();
    agents.forEach((agent, i) => transport().receive(frame2(USER, 'text', { text: `m${i + 1}`, agent, id: i + 1 })));
    const shown = lines(chat.messages.value);
    chat.dispose();
    return shown;
  };

  it('comes before a text from another human agent than the last one who wrote', () => {
    expect(play(ANNA, OMAR)).toEqual(['Anna: m1', 'system: Omar joined the chat', 'Omar: m2']);
  });

  it('does not come while the same agent writes, also with the bot in between', () => {
    expect(play(ANNA, ANNA, BOT, ANNA)).toEqual(['Anna: m1', 'Anna: m2', 'Nora: m3', 'Anna: m4']);
  });

  it('does not come for the first human agent (the bot handing over: the queue line goes, the name shows)', () => {
    expect(play(BOT, ANNA)).toEqual(['Nora: m1', 'Anna: m2']);
  });

  it('comes for a takeover after the bot wrote in between', () => {
    expect(play(ANNA, BOT, OMAR)).toEqual(['Anna: m1', 'Nora: m2', 'system: Omar joined the chat', 'Omar: m3']);
  });

  it('tells agents apart by id, or by name when they have none', () => {
    expect(play(ANNA, { ...ANNA, name: 'Anna L.' })).toEqual(['Anna: m1', 'Anna L.: m2']);
    expect(play({ name: 'Anna', type: 'human' }, { name: 'Omar', type: 'human' })).toEqual(['Anna: m1', 'system: Omar joined the chat', 'Omar: m2']);
    expect(play(ANNA, { id: 'x9', type: 'human' })).toEqual(['Anna: m1', 'system: An agent joined the chat', ': m2']);
  });

  it('is in Swedish for sv, and a line of its own, not a message to read', () => {
    const { chat, transport } = setupStateChat({ config: { locale: 'sv' } });
    transport().receive(frame2(USER, 'text', { text: 'Hej', agent: ANNA, id: 1 }));
    transport().receive(frame2(USER, 'text', { text: 'Hej igen', agent: OMAR, id: 2 }));
    expect(chat.messages.value[1]).toMatchObject({ kind: 'system', key: 'e2j', text: 'Omar anslöt till chatten' });
    expect(chat.unread.value).toEqual(['e1', 'e2']);
    chat.dispose();
  });

  it('is shown the same after a reload, from the stored frames', () => {
    const first = setupStateChat();
    first.transport().receive(frame1(USER, 'text', { text: 'a', id: 1 }, { message: 'a', agent: ANNA }));
    first.transport().receive(frame2(USER, 'text', { text: 'b', agent: OMAR, id: 2, format: 'markdown', attachments: [LINK] }));
    first.win.dispatchEvent(new Event('pagehide'));
    const before = first.chat.messages.value;
    first.chat.dispose();
    const reloaded = setupStateChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.messages.value).toEqual(before);
    expect(lines(before)).toEqual(['Anna: a', 'system: Omar joined the chat', 'Omar: b']);
    reloaded.chat.dispose();
  });
});
