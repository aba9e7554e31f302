/**
 * The visible conversation, kept in sessionStorage so a reload shows it as it was (issue 4). It is kept as
 * what it was made of: each outbound frame shown, as its wire text, and each of the customer's own texts, as
 * the format 2 frame the outbox sends. A reload replays them through the one parser and the one reducer
 * (`parseWidgetFrame` + `applyEvent`, `parseStoredInbound` + `withCustomerMessage`): stored data is wire data
 * too (STYLE B.3), and no second format needs its own narrowing. A line that does not read back, or belongs
 * to another conversation, is skipped; a broken head means no transcript (the broker's replay fills in).
 *
 * Stored form, one line each (JSON has no raw newline inside a string, so a line is a frame):
 *   `<userId> <lastEventId> <nextKey> <unread key>...`   the head
 *   `<at> <key> <frame>`                                 the frames, oldest first, the last 200 only
 * The broker replays only what came after `lastEventId`, so the frames and that id are written together, in
 * one value: whatever the transcript shows, the broker resends exactly what came after it.
 */
import { parseStoredInbound, parseWidgetFrame } from '../../protocol/index.ts';
import type { KeyValueStore } from '../connection/storage.ts';
import { STORAGE_PREFIX } from '../connection/storage.ts';
import { EMPTY_STATE, applyEvent, customerMessage, withCustomerMessage, type ApplyContext, type ChatState } from './apply.ts';

export const SNAPSHOT_KEY = `${STORAGE_PREFIX}transcript`;
/** Frames kept across a reload; older messages are only in the page that saw them. */
export const SNAPSHOT_MESSAGES = 200;

/** `<userId> <lastEventId> <nextKey> <unread keys>`: numbers kept to safe integers. */
const HEAD = /^(\S+) (\d{1,15}) (\d{1,15})((?: \S+)*)$/;
/** `<at> <key> <frame>`; `[^]`, not `.`: a frame may hold U+2028 and U+2029 unescaped, which `.` does not match. */
const LINE = /^(\d{1,15}) (\S+) ([^]+)/;

export interface Snapshot {
  userId: string;
  /** Highest outbound `id` shown (DESIGN §4.3), 0 for none. */
  lastEventId: number;
  /** Next local message key number, so keys stay unique after a reload. */
  nextKey: number;
  state: ChatState;
  /** The stored lines (`<at> <key> <frame>`), to be saved again with what comes next. */
  lines: string[];
}

/**
 * One transcript line: the frame as it came, shown at `at` under `key`. A raw newline in JSON text can only be
 * whitespace between tokens (inside a string it is escaped), so it becomes a space.
 */
export const transcriptLine = (at: number, key: string, frame: string): string => `${at} ${key} ${frame.replace(/\n/g, ' ')}`;

/** Write the transcript; `lines` is cut to the last SNAPSHOT_MESSAGES in place. */
export function saveSnapshot(store: KeyValueStore, snapshot: Snapshot): void {
  const { lines, state } = snapshot;
  lines.splice(0, lines.length - SNAPSHOT_MESSAGES);
  store.set(SNAPSHOT_KEY, [[snapshot.userId, snapshot.lastEventId, snapshot.nextKey, ...state.unread].join(' '), ...lines].join('\n'));
}

export function clearSnapshot(store: KeyValueStore): void {
  store.remove(SNAPSHOT_KEY);
}

/** The stored transcript of conversation `userId`, replayed, or null when there is none or its head does not read. */
export function loadSnapshot(
  store: KeyValueStore,
  userId: string,
  ctx: Omit<ApplyContext, 'now' | 'key'>,
  /** Ids of the customer's texts still in the outbox: those show as pending, the others as sent. */
  pending: ReadonlySet<string>,
): Snapshot | null {
  const [head = '', ...stored] = (store.get(SNAPSHOT_KEY) ?? '').split('\n');
  const match = HEAD.exec(head);
  if (match?.[1] !== userId) return null;
  let state = EMPTY_STATE;
  const lines: string[] = [];
  for (const line of stored) {
    const [, at = '', key = '', frame = ''] = LINE.exec(line) ?? [];
    const outbound = parseWidgetFrame(frame);
    const parsed = outbound.ok ? outbound : parseStoredInbound(frame);
    if (!parsed.ok || !('userId' in parsed.event) || parsed.event.userId !== userId) continue;
    const { event } = parsed;
    if (event.direction === 'outbound') state = applyEvent(state, event, { ...ctx, now: +at, key });
    // The customer's own text.
    else if (event.type === 'text') state = withCustomerMessage(state, customerMessage(event, +at, ctx.imagesUrl, pending.has(event.id)));
    else continue;
    lines.push(line);
  }
  const [, , lastEventId, nextKey, unread = ''] = match;
  const marked = new Set(unread.split(' '));
  return { userId, lastEventId: Number(lastEventId), nextKey: Number(nextKey), state: { ...state, unread: state.unread.filter((k) => marked.has(k)) }, lines };
}
