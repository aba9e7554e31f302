/**
 * The chat state as one plain value, and the pure functions that change it. `applyEntries` is the one
 * reducer of the conversation log (log.ts): live, one entry at a time, and after a reload, all of them.
 * `applyEvent` is the single place a received event changes what the customer sees (STYLE B.5): one
 * exhaustive switch over OutboundEvent, so a new wire event fails the build here until it is handled.
 * Timers (bot typing delays, the typing auto-off) live in chat.ts; nothing here has side effects.
 */
import type { OutboundEvent, QuickReply, TextInbound } from '../../protocol/index.ts';
import { agentImageUrl, imageEndpoint, resolveAgent } from './agent-view.ts';
import type { LogEntry } from './log.ts';
import type { StateTexts } from './texts.ts';
import type { AgentMessage, AgentView, ChatMessage, CustomerMessage, EndedBy, QueueView, SystemMessage } from './types.ts';

export interface ChatState {
  readonly messages: readonly ChatMessage[];
  readonly quickReplies: readonly QuickReply[];
  readonly queue: QueueView | null;
  readonly agentTyping: AgentView | null;
  readonly currentAgent: AgentView | null;
  readonly ended: EndedBy | null;
  /** Keys of agent messages the customer has not seen yet, oldest first. */
  readonly unread: readonly string[];
  /** The customer rated the conversation (DESIGN §4 `rating`). */
  readonly rated: boolean;
  /** Who the last human agent to write was (their id, else their name); null before any. */
  readonly lastHuman: string | null;
}

export const EMPTY_STATE: ChatState = {
  messages: [],
  quickReplies: [],
  queue: null,
  agentTyping: null,
  currentAgent: null,
  ended: null,
  unread: [],
  rated: false,
  lastHuman: null,
};

/** What showing an event needs besides the event. */
export interface View {
  texts: StateTexts;
  widgetBase: string;
  imagesUrl: string;
}

export interface ApplyContext extends View {
  /** Epoch ms, the message's `at`. */
  now: number;
  /** The key of a message this event may add (`e<id>`, or a local counter). */
  key: string;
}

/** What a received event does to the state. */
export function applyEvent(state: ChatState, event: OutboundEvent, ctx: ApplyContext): ChatState {
  switch (event.type) {
    case 'text': {
      // seed 000: agent id "system" is a centred info line, not a bubble.
      if (event.agent?.id === 'system') return withSystemLine(state, ctx, event.text, 'info');
      const fresh = resolveAgent(event.agent, ctx.widgetBase);
      // The same agent again is the same object, so what reads currentAgent (the whole panel, for its header)
      // does not re-render per message.
      const last = state.currentAgent;
      const agent = last && last.name === fresh.name && last.avatarUrl === fresh.avatarUrl && last.human === fresh.human ? last : fresh;
      const message: AgentMessage = { kind: 'agent', key: ctx.key, at: ctx.now, text: event.text, agent };
      const imageUrl = agentImageUrl(event.imageId, event.image, ctx.imagesUrl);
      if (imageUrl !== undefined) message.imageUrl = imageUrl;
      if (event.format) message.markdown = true;
      if (event.attachments) message.attachments = { list: event.attachments, imagesUrl: ctx.imagesUrl };
      // DESIGN §4: a human agent other than the last one who wrote (a transfer or takeover, seed 002) is
      // announced first; the first human agent after the bot is not: the queue line goes, the name shows.
      const human = agent.human ? event.agent?.id || agent.name : state.lastHuman;
      const joined = state.lastHuman !== null && human !== state.lastHuman;
      const before = joined ? withSystemLine(state, { now: ctx.now, key: `${ctx.key}j` }, ctx.texts.joined(agent.name), 'info') : state;
      return {
        ...before,
        lastHuman: human,
        messages: [...before.messages, message],
        // DESIGN §4: only the latest message's quick replies are shown.
        quickReplies: event.quickReplies ?? [],
        // DESIGN §4: the queue line goes once a human agent writes.
        queue: agent.human ? null : state.queue,
        agentTyping: null,
        currentAgent: agent,
        unread: [...state.unread, ctx.key],
      };
    }
    case 'info':
      return withSystemLine(state, ctx, event.text, 'info');
    case 'queue_number': {
      const queue: QueueView = { position: event.queueNumber };
      if (event.estimatedWaitSeconds !== undefined) queue.estimatedWaitSeconds = event.estimatedWaitSeconds;
      return { ...state, queue };
    }
    case 'typing_on': {
      // seed 000 typing has `agent: {name: ""}` and seed 001 none: then it is whoever wrote last.
      const named = event.agent?.name !== undefined && event.agent.name !== '';
      const agent = named || !state.currentAgent ? resolveAgent(event.agent, ctx.widgetBase) : state.currentAgent;
      return { ...state, agentTyping: agent };
    }
    case 'typing_off':
      return state.agentTyping === null ? state : { ...state, agentTyping: null };
    case 'agent_done':
      // seed 000: the message as a system line; the conversation stays open.
      return { ...withSystemLine(state, ctx, event.text || ctx.texts.agentDone, 'done'), agentTyping: null };
    case 'platform_closed':
      // One line, which the UI shows as a status (DESIGN §5), not a banner beside it saying the same.
      return withSystemLine(state, ctx, event.text || ctx.texts.platformClosed, 'closed');
    case 'end_session':
      return {
        ...withSystemLine(state, ctx, event.reasonText || ctx.texts.sessionEnded, 'ended'),
        ended: 'agent',
        queue: null,
        agentTyping: null,
        quickReplies: [],
      };
    default:
      // Exhaustive: a new OutboundEvent type fails the build here until it is handled (STYLE B.5).
      return event satisfies never;
  }
}

/**
 * The log entries' effect on the state. Every case only ever appends to `messages` and `unread`, so each
 * entry is applied to empty lists and the additions are joined: linear in the number of entries, which is
 * what lets a reload replay 5,000 of them at once (DESIGN §8).
 * @param pending whether the customer's text with this id still waits in the outbox ("Sending…").
 */
export function applyEntries(state: ChatState, entries: readonly LogEntry[], view: View, pending: (id: string) => boolean): ChatState {
  const messages: ChatMessage[] = [];
  const unread: string[] = [];
  let next = state;
  for (const { at, key, event } of entries) {
    next = { ...next, messages: [], unread: [] };
    next =
      event.direction === 'outbound'
        ? applyEvent(next, event, { ...view, now: at, key })
        : event.type === 'rating'
          ? { ...next, rated: true }
          : withCustomerMessage(next, customerMessage(event, at, view.imagesUrl, pending(key)));
    messages.push(...next.messages);
    unread.push(...next.unread);
  }
  // Nothing added keeps the lists as they were, so what reads them does not re-render (a typing event).
  const join = <T,>(old: readonly T[], added: T[]) => (added.length > 0 ? old.concat(added) : old);
  return { ...next, messages: join(state.messages, messages), unread: join(state.unread, unread) };
}

/** The customer read up to the message `key`: it and every unread message before it (read-tracker.ts). */
export function withReadUpTo(state: ChatState, key: string): ChatState {
  const upTo = state.unread.lastIndexOf(key);
  return upTo < 0 ? state : { ...state, unread: state.unread.slice(upTo + 1) };
}

/** A bot message is held back for its `typing` time: show its agent typing meanwhile (DESIGN §4). */
export function withBotTyping(state: ChatState, event: OutboundEvent, widgetBase: string): ChatState {
  return event.type === 'text' ? { ...state, agentTyping: resolveAgent(event.agent, widgetBase) } : state;
}

/** The customer's own message, shown at once; it answers the latest message, whose quick replies go (DESIGN §4). */
export function withCustomerMessage(state: ChatState, message: CustomerMessage): ChatState {
  return { ...state, messages: [...state.messages, message], quickReplies: [] };
}

/** The bubble of a `text` the customer sent (its outbox entry), pending until delivered. */
export function customerMessage(event: TextInbound & { id: string }, at: number, imagesUrl: string, pending: boolean): CustomerMessage {
  const message: CustomerMessage = { kind: 'customer', key: event.id, at, text: event.text, status: pending ? 'pending' : 'sent' };
  if (event.imageId !== undefined) message.imageUrl = imageEndpoint(imagesUrl, event.imageId);
  return message;
}

/** The outbox delivered this message: "Sending…" goes away. */
export function withDelivered(state: ChatState, key: string): ChatState {
  // From the end: the delivered message is one of the last, and a long conversation is not scanned per ack.
  const index = state.messages.findLastIndex((m) => m.key === key);
  const message = state.messages[index];
  if (!message || message.kind !== 'customer' || message.status === 'sent') return state;
  const messages = state.messages.slice();
  messages[index] = { ...message, status: 'sent' };
  return { ...state, messages };
}

/** The customer ended the chat (client_left): the transcript stays visible, everything live goes. */
export function withCustomerEnded(state: ChatState): ChatState {
  return { ...state, ended: 'customer', queue: null, agentTyping: null, quickReplies: [] };
}

/** A centred line (DESIGN §5: also "Earlier messages are not shown", first in a transcript cut after a reload). */
export function withSystemLine(state: ChatState, ctx: Pick<ApplyContext, 'now' | 'key'>, text: string, tone: SystemMessage['tone']): ChatState {
  const line: SystemMessage = { kind: 'system', key: ctx.key, at: ctx.now, text, tone };
  return { ...state, messages: [...state.messages, line] };
}
