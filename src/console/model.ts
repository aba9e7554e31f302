/**
 * What the agent console knows about each conversation, folded from the events it receives (every
 * inbound event, other applications' outbound and internal events) and the ones it sends itself.
 * Pure: `applyEvent` returns new objects and never mutates, so the signals holding them compare by identity.
 */
import type { QuickReply, SermoEvent } from '../protocol/events.ts';

export type EntryKind = 'customer' | 'bot' | 'agent' | 'info' | 'event';

/** One line of a transcript. */
export interface Entry {
  key: string;
  /** Epoch ms the console received (or sent) it. */
  at: number;
  kind: EntryKind;
  text: string;
  /** Who wrote a bot or agent line. */
  author?: string;
  imageId?: string;
  quickReplies?: readonly QuickReply[];
  /** The quick reply a customer chose. */
  quickReplyPayload?: string;
}

/** `left`: the customer ended the chat (client_left). `unloaded`: their page went away (client_unload). */
export type Presence = 'connected' | 'left' | 'unloaded';

export interface Conversation {
  userId: string;
  firstSeenAt: number;
  lastActivityAt: number;
  params: Readonly<Record<string, string>>;
  presence: Presence;
  lastHeartbeatAt?: number;
  /** The customer's live draft (inbound typing_on); '' once sent or empty. */
  draft: string;
  /** Epoch ms of the customer's latest messages_read. */
  readAt?: number;
  /** The last queue position sent; null once an agent writes or the conversation ends. */
  queueNumber: number | null;
  /** The agent id that claimed the conversation; null while the bot has it. */
  claimedBy: string | null;
  /** Outbound `end_session` seen or sent: the customer must start a new conversation. */
  ended: boolean;
  /** The customer's rating after end_session (DESIGN §4 `rating`): the score of 5 and the comment. */
  rating?: { score: number; comment?: string };
  /** Customer messages the agent has not looked at. */
  unread: number;
  entries: readonly Entry[];
}

export type Conversations = ReadonlyMap<string, Conversation>;

/** Presence as an agent reads it: a heartbeat older than this means the customer may be gone. */
export const STALE_HEARTBEAT_MS = 25_000;

/** Fold one event into the conversations; events without a conversation (application_heartbeat) change nothing. */
export function applyEvent(conversations: Conversations, event: SermoEvent, at: number): Conversations {
  if (event.type === 'application_heartbeat') return conversations;
  const before = conversations.get(event.userId) ?? blank(event.userId, at);
  const after = fold(before, event, at);
  if (after === before) return conversations;
  const next = new Map(conversations);
  next.set(event.userId, after);
  return next;
}

function blank(userId: string, at: number): Conversation {
  return { userId, firstSeenAt: at, lastActivityAt: at, params: {}, presence: 'connected', draft: '', queueNumber: null, claimedBy: null, ended: false, unread: 0, entries: [] };
}

function entry(c: Conversation, at: number, e: Omit<Entry, 'key' | 'at'>): Conversation {
  return { ...c, lastActivityAt: at, entries: [...c.entries, { key: `${c.userId}:${c.entries.length}`, at, ...e }] };
}

function fold(c: Conversation, event: Exclude<SermoEvent, { type: 'application_heartbeat' }>, at: number): Conversation {
  switch (event.direction) {
    case 'inbound':
      switch (event.type) {
        case 'start': {
          const params = Object.entries(event.params).map(([k, v]) => `${k}=${v}`).join(', ');
          return entry({ ...c, params: event.params, presence: 'connected', lastHeartbeatAt: at }, at, {
            kind: 'event',
            text: params ? `Conversation started (${params})` : 'Conversation started',
          });
        }
        case 'text':
          return entry({ ...c, draft: '', unread: c.unread + 1, presence: 'connected' }, at, {
            kind: 'customer',
            text: event.text,
            ...(event.imageId !== undefined ? { imageId: event.imageId } : {}),
            ...(event.quickReplyPayload !== undefined ? { quickReplyPayload: event.quickReplyPayload } : {}),
          });
        case 'typing_on':
          return { ...c, draft: event.text, presence: 'connected' };
        case 'heartbeat':
          // A heartbeat after client_unload means the page came back (reload, navigation on the site).
          return { ...c, lastHeartbeatAt: at, presence: c.presence === 'left' ? 'left' : 'connected' };
        case 'messages_read': {
          const readAt = Date.parse(event.at);
          return Number.isNaN(readAt) ? c : { ...c, readAt };
        }
        case 'client_left':
          return entry({ ...c, presence: 'left', draft: '' }, at, { kind: 'event', text: 'The customer closed the chat' });
        case 'client_unload':
          return entry({ ...c, presence: 'unloaded' }, at, { kind: 'event', text: 'The customer’s page was closed or reloaded' });
        case 'rating': {
          const rating = { score: event.score, ...(event.comment !== undefined ? { comment: event.comment } : {}) };
          return entry({ ...c, rating }, at, { kind: 'event', text: ratingLabel(rating) });
        }
      }
      break;

    case 'outbound':
      switch (event.type) {
        case 'text': {
          const bot = event.agent?.id === 'bot';
          return entry({ ...c, queueNumber: bot ? c.queueNumber : null }, at, {
            kind: bot ? 'bot' : 'agent',
            text: event.text,
            author: event.agent?.name ?? (bot ? 'Bot' : 'Agent'),
            ...(event.imageId !== undefined ? { imageId: event.imageId } : {}),
            ...(event.quickReplies?.length ? { quickReplies: event.quickReplies } : {}),
          });
        }
        case 'info':
          return entry(c, at, { kind: 'info', text: event.text });
        case 'queue_number': {
          const wait = event.estimatedWaitSeconds === undefined ? '' : `, about ${Math.max(1, Math.round(event.estimatedWaitSeconds / 60))} min`;
          return entry({ ...c, queueNumber: event.queueNumber }, at, { kind: 'event', text: `Queue number ${event.queueNumber}${wait}` });
        }
        case 'platform_closed':
          return entry(c, at, { kind: 'event', text: 'Told the customer the chat is closed right now' });
        case 'end_session':
          return entry({ ...c, ended: true, queueNumber: null }, at, {
            kind: 'event',
            text: event.reasonText ? `Conversation ended: “${event.reasonText}”` : 'Conversation ended',
          });
        case 'agent_done':
          return entry({ ...c, claimedBy: null }, at, { kind: 'info', text: event.text ?? 'The agent is done' });
        case 'typing_on':
        case 'typing_off':
          return c;
      }
      break;

    case 'internal':
      switch (event.type) {
        case 'claim_session':
          return entry({ ...c, claimedBy: event.agentId ?? 'another agent' }, at, {
            kind: 'event',
            text: `Claimed by ${event.agentId ?? 'another agent'}`,
          });
        case 'agent_done':
          return { ...c, claimedBy: null };
        case 'handover_to_queue':
          return entry(c, at, { kind: 'event', text: `Handed over to queue ${event.queueId ?? '(default)'}` });
        case 'handover_to_agent':
          return entry(c, at, { kind: 'event', text: `Handed over to ${event.agentId ?? 'an agent'}` });
        case 'customer_identified':
          return entry(c, at, { kind: 'event', text: `Customer identified${event.customerId ? `: ${event.customerId}` : ''}` });
      }
  }
  return c;
}

/** What the agent sees about the customer's connection, at `now`. */
export function presenceLabel(c: Conversation, now: number): string {
  if (c.presence === 'left') return 'Left the chat';
  if (c.presence === 'unloaded') return 'Page closed';
  if (c.lastHeartbeatAt === undefined) return 'Connected';
  const ago = Math.max(0, Math.round((now - c.lastHeartbeatAt) / 1000));
  const when = ago < 60 ? `${ago} s ago` : `${Math.round(ago / 60)} min ago`;
  return now - c.lastHeartbeatAt < STALE_HEARTBEAT_MS ? `Online, last heartbeat ${when}` : `Away, last heartbeat ${when}`;
}

/** Conversations, most recently active first. */
export function byActivity(conversations: Conversations): Conversation[] {
  return [...conversations.values()].sort((a, b) => b.lastActivityAt - a.lastActivityAt);
}

/** A short, stable label for a conversation: its userId's first block. */
export function shortId(userId: string): string {
  return userId.split('-')[0]?.slice(0, 8) || userId.slice(0, 8);
}

/** A rating as an agent reads it: `Rated 4 of 5: “Quick and kind”`. */
export const ratingLabel = ({ score, comment }: { score: number; comment?: string }): string =>
  `Rated ${score} of 5${comment ? `: “${comment}”` : ''}`;
