/**
 * A fake `Chat` for component tests: writable signals behind the read-only contract, and actions that record
 * their calls and do the obvious thing (send shows a pending message, a quick reply clears the buttons).
 */
import { signal } from '@preact/signals-core';
import { within } from '@testing-library/preact';
import { MAX_CUSTOMER_TEXT } from '../state/limits.ts';
import type { AgentView, Chat, ChatMessage, ConnectionStatus, ImageResult, PreChatRequest, QueueView, QuickReply, RatingStep } from '../state/types.ts';

type Ended = Chat['ended']['value'];

/** One recorded action call: its name and arguments. */
export type Call = [name: string, ...args: unknown[]];

/** Build a fake chat; `imageResult` is what `sendImage` resolves to. */
export function createTestChat(options: { imageResult?: ImageResult } = {}) {
  const messages = signal<readonly ChatMessage[]>([]);
  const quickReplies = signal<readonly QuickReply[]>([]);
  const queue = signal<QueueView | null>(null);
  const agentTyping = signal<AgentView | null>(null);
  const currentAgent = signal<AgentView | null>(null);
  const connection = signal<ConnectionStatus>('online');
  const ended = signal<Ended>(null);
  const unread = signal<readonly string[]>([]);
  const preChat = signal<PreChatRequest | null>(null);
  const rating = signal<RatingStep | null>(null);
  const panelOpen = signal(false);
  const calls: Call[] = [];
  let counter = 0;

  const chat: Chat = {
    messages,
    quickReplies,
    queue,
    agentTyping,
    currentAgent,
    connection,
    ended,
    unread,
    unreadCount: signal(0),
    droppedFrames: signal(0),
    preChat,
    rating,
    panelOpen,
    send(text) {
      calls.push(['send', text]);
      if (!text.trim()) return { ok: false, reason: 'empty' };
      if (text.length > MAX_CUSTOMER_TEXT) return { ok: false, reason: 'too_long' };
      messages.value = [...messages.value, { kind: 'customer', key: `c${++counter}`, at: 0, text, status: 'pending' }];
      // As the real chat does: the customer's message answers the latest one, whose buttons go.
      quickReplies.value = [];
      return { ok: true };
    },
    async sendImage(file, caption) {
      calls.push(['sendImage', file, caption]);
      return options.imageResult ?? { ok: true };
    },
    chooseQuickReply(reply) {
      calls.push(['chooseQuickReply', reply]);
      quickReplies.value = [];
    },
    setDraft(text) {
      calls.push(['setDraft', text]);
    },
    markInView(keys) {
      calls.push(['markInView', [...keys]]);
    },
    setPanelOpen(open) {
      calls.push(['setPanelOpen', open]);
      panelOpen.value = open;
    },
    endChat() {
      calls.push(['endChat']);
      ended.value = 'customer';
    },
    startNew() {
      calls.push(['startNew']);
      ended.value = null;
      messages.value = [];
      rating.value = null;
    },
    submitPreChat(answers) {
      calls.push(['submitPreChat', answers]);
      preChat.value = null;
    },
    rate(score, comment) {
      calls.push(['rate', score, comment]);
      rating.value = 'thanks';
    },
    dispose() {
      calls.push(['dispose']);
    },
  };

  /** The calls made to action `name`, as argument lists. */
  const callsOf = (name: string) => calls.filter((c) => c[0] === name).map((c) => c.slice(1));

  return { chat, messages, quickReplies, queue, agentTyping, currentAgent, connection, ended, unread, preChat, rating, calls, callsOf };
}

/**
 * The message of the log that shows `text`: its whole row (author line, bubble, time) as a reader meets it.
 * Found by structure, not class: the log holds blocks of message rows (MessageList.tsx).
 */
export function messageWith(log: HTMLElement, text: string): HTMLElement {
  let row = within(log).getByText(text);
  while (row.parentElement?.parentElement !== log) row = row.parentElement!;
  return row;
}
