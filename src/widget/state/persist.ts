/**
 * The visible conversation, kept in sessionStorage so a reload shows it as it was (issue 4). The broker
 * replays only what came after `lastEventId`, so the transcript and that id are written together, in one
 * value: whatever the snapshot shows, the broker resends exactly what came after it.
 *
 * Stored data is wire data too (STYLE B.3): the snapshot is read back with the protocol's `parseJsonObject`
 * (size, depth and prototype-key protections) and narrowed field by field; anything malformed is dropped
 * (a broken snapshot = none, and the broker's replay fills in). The outbox is not here: it is stored as
 * wire frames and read back by the protocol's frame parser (outbox.ts).
 */
import type { KeyValueStore } from '../connection/storage.ts';
import { STORAGE_PREFIX } from '../connection/storage.ts';
import { isInlineImage, isRecord, parseJsonObject, readQuickReplies } from '../../protocol/index.ts';
import { EMPTY_STATE, type ChatState } from './apply.ts';
import type { AgentView, ChatMessage, QueueView, SystemMessage } from './types.ts';

export const SNAPSHOT_KEY = `${STORAGE_PREFIX}transcript`;
/** Messages kept across a reload; older ones are only in the page that saw them. */
export const SNAPSHOT_MESSAGES = 200;
const VERSION = 1;
/** sessionStorage holds about 5 MB per origin; a bigger value cannot be ours. */
const MAX_SNAPSHOT_BYTES = 5 * 1024 * 1024;

export interface Snapshot {
  userId: string;
  /** Highest outbound `id` shown (DESIGN §4.3), 0 for none. */
  lastEventId: number;
  /** Next local message key number, so keys stay unique after a reload. */
  nextKey: number;
  state: ChatState;
}

export function saveSnapshot(store: KeyValueStore, snapshot: Snapshot): void {
  const { state } = snapshot;
  const messages = state.messages.slice(-SNAPSHOT_MESSAGES);
  const kept = new Set(messages.map((m) => m.key));
  store.set(
    SNAPSHOT_KEY,
    JSON.stringify({
      v: VERSION,
      userId: snapshot.userId,
      lastEventId: snapshot.lastEventId,
      nextKey: snapshot.nextKey,
      messages,
      quickReplies: state.quickReplies,
      queue: state.queue,
      currentAgent: state.currentAgent,
      ended: state.ended,
      platformClosed: state.platformClosed,
      unread: state.unread.filter((key) => kept.has(key)),
    }),
  );
}

export function clearSnapshot(store: KeyValueStore): void {
  store.remove(SNAPSHOT_KEY);
}

/** The stored snapshot of conversation `userId`, or null when there is none or it does not read back. */
export function loadSnapshot(store: KeyValueStore, userId: string): Snapshot | null {
  const text = store.get(SNAPSHOT_KEY);
  if (text === null) return null;
  const parsed = parseJsonObject(text, MAX_SNAPSHOT_BYTES);
  if (!parsed.ok) return null;
  const value = parsed.value;
  if (value.v !== VERSION || value.userId !== userId) return null;
  const lastEventId = count(value.lastEventId);
  const nextKey = count(value.nextKey);
  if (lastEventId === null || nextKey === null || !Array.isArray(value.messages)) return null;
  const messages = value.messages.map(readMessage).filter((m) => m !== null);
  const keys = new Set(messages.map((m) => m.key));
  const ended = value.ended === 'agent' || value.ended === 'customer' ? value.ended : null;
  const state: ChatState = {
    ...EMPTY_STATE,
    messages,
    quickReplies: readQuickReplies(value.quickReplies) ?? [],
    queue: readQueue(value.queue),
    currentAgent: readAgent(value.currentAgent),
    ended,
    platformClosed: value.platformClosed === true,
    unread: Array.isArray(value.unread) ? value.unread.filter((k): k is string => typeof k === 'string' && keys.has(k)) : [],
  };
  return { userId, lastEventId, nextKey, state };
}

// ---------------------------------------------------------------------------------------------------------
// Narrowing

const str = (value: unknown): value is string => typeof value === 'string';
const count = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
const TONES: readonly SystemMessage['tone'][] = ['info', 'done', 'closed', 'ended'];

/** An image or avatar URL as the widget itself would have made it: http(s), or a checked inline image. */
function safeUrl(value: unknown): string | undefined {
  return isInlineImage(value) || (str(value) && /^https?:\/\//i.test(value)) ? value : undefined;
}

function readAgent(value: unknown): AgentView | null {
  if (!isRecord(value) || !str(value.name) || typeof value.human !== 'boolean') return null;
  const agent: AgentView = { name: value.name, human: value.human };
  const avatarUrl = safeUrl(value.avatarUrl);
  if (avatarUrl !== undefined) agent.avatarUrl = avatarUrl;
  return agent;
}

function readMessage(value: unknown): ChatMessage | null {
  if (!isRecord(value) || !str(value.key) || typeof value.at !== 'number' || !str(value.text)) return null;
  const { key, at, text } = value;
  const imageUrl = safeUrl(value.imageUrl);
  switch (value.kind) {
    case 'customer': {
      if (value.status !== 'pending' && value.status !== 'sent') return null;
      return { kind: 'customer', key, at, text, status: value.status, ...(imageUrl !== undefined && { imageUrl }) };
    }
    case 'agent': {
      const agent = readAgent(value.agent);
      if (!agent) return null;
      return { kind: 'agent', key, at, text, agent, ...(imageUrl !== undefined && { imageUrl }) };
    }
    case 'system': {
      const tone = TONES.find((t) => t === value.tone);
      return tone ? { kind: 'system', key, at, text, tone } : null;
    }
    default:
      return null;
  }
}

function readQueue(value: unknown): QueueView | null {
  if (!isRecord(value)) return null;
  const position = count(value.position);
  if (position === null) return null;
  const wait = value.estimatedWaitSeconds;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? { position, estimatedWaitSeconds: wait } : { position };
}
