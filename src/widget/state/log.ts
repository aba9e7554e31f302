/**
 * The conversation log: what the conversation is made of, kept so that a reload or a navigation shows it as
 * it was (DESIGN §4.3). It is append-only and holds wire frames: each outbound event shown, as it was read
 * (its JSON: format 2, whichever format it came in, so that any tab reads it back at once, plus seed 000's
 * inline `image`), and each of the customer's own texts, as the format 2 frame the outbox sends. The visible
 * state is derived from it by the one reducer (`applyEntries`), live and after a reload alike; a reload
 * replays the frames through the one parser (`parseReceivedFrame`, `parseStoredInbound`): stored data is wire
 * data too (STYLE B.3). Logs stored before held outbound frames as they came, so some lines may be in wire
 * format 1: those read back with `format1` (given with `protocol=1`).
 * Typing indicators are not restored, so their frames are not kept.
 *
 * Stored form (a KeyValueStore: sessionStorage today; DESIGN §4.5's localStorage shared by the tabs of a
 * site later, which is why entries are keyed, appends never rewrite what is closed, and the head is small):
 *   sermo.chat.log       `<userId> <last segment> <newest message read> <last activity>`   the head
 *   sermo.chat.log.<n>   lines `<at> <key> <frame>`, oldest first; a segment is closed at SEGMENT_LINES
 *                        messages (queue positions make none)
 *   sermo.chat.log.left  the userId of the conversation last left (its head, written back late, is none)
 * Only the last segment is ever rewritten (at most SAVE_DELAY_MS after an append, at once for a customer
 * text, so it is stored with its outbox entry): rewriting all of a long conversation's 1.5 MB took Chromium
 * 35-45 ms a time, a segment 0.2 ms. A reload reads the segments down from the last until one is missing.
 * The oldest segments give way, whole, once the others hold KEPT_MESSAGES messages, and when the storage
 * quota is full (this log is the store's evictor): a reload then shows "Earlier messages are not shown".
 * What a reload finds is always an unbroken run up to some point; the broker's replay (from the highest id
 * found) fills in what came after it.
 *
 * Several tabs (DESIGN §4.5) share one log: each appends what it sends and receives, and `sync()` merges what
 * another tab wrote (its storage write is heard through the store; the merge itself, `syncLog`, comes in a chunk
 * of its own, tab-sync.ts, which a tab alone never loads): lines are known by their key, so an
 * agent message every tab received is kept once, and a tab's own lines another tab's write lacks are
 * written again. A conversation idle (no message either way) for longer than `idleMs` is not continued.
 */
import { parseReceivedFrame, parseStoredInbound } from '../../protocol/index.ts';
import type { Format1, OutboundEvent, RatingInbound, StoredInbound, TextInbound } from '../../protocol/index.ts';
import type { KeyValueStore } from '../platform/storage.ts';
import { LEFT_KEY, LOG_KEY, keyOf, linesOf, readHead, segmentKey } from './log-store.ts';
import type * as TabSync from './tab-sync.ts';

export { LOG_KEY } from './log-store.ts';

/** Lines per stored segment: a rewrite costs at most this many lines (about 30 KB of ordinary texts). */
export const SEGMENT_LINES = 100;
/** DESIGN §4.3: at least the last 5,000 messages come back after a reload. */
export const KEPT_MESSAGES = 5_000;
/** Appends are coalesced: a burst of agent events is one storage write. */
export const SAVE_DELAY_MS = 250;

/** `<at> <key> <frame>`; `[^]`, not `.`: a frame may hold U+2028 and U+2029 unescaped, which `.` does not match. */
const LINE = /^(\d{1,16}) (\S+) ([^]+)/;

/** One thing the conversation is made of: an outbound event, or a text or the rating the customer sent. */
export interface LogEntry {
  /** Epoch ms it was shown (or written, for the customer's own). */
  at: number;
  /** Its message key: `e<id>`, a UUID for an outbound event without id, the event's own id for the customer's. */
  key: string;
  event: OutboundEvent | ((TextInbound | RatingInbound) & { id: string });
}

export interface ConversationLog {
  readonly userId: string;
  /** Nothing was stored: a new conversation, with a new userId. */
  readonly isNew: boolean;
  /**
   * Every entry of the conversation this page knows, in conversation order (by time, as stored): what the
   * stored log held, then what was appended here or merged from another tab's write, each in its place.
   */
  readonly entries: readonly LogEntry[];
  /** Older entries gave way (past KEPT_MESSAGES, or the storage quota) before this page read the log. */
  readonly cut: boolean;
  /** The highest outbound id restored (0 for none): the broker replays what came after it (DESIGN §4.3). */
  readonly lastEventId: number;
  /** Key of the newest message the customer read ('' for none). */
  readonly read: string;
  /** An entry of this key is in the log already (shown here, or by another tab). */
  has(key: string): boolean;
  /**
   * Another tab changed the stored log (merged with `merging`, the chunk tab-sync.ts): the entries it added that
   * this page has not seen, oldest first (each also put in its place in `entries`), and whether they come last
   * (else some go before entries of this page); or null when the stored conversation is no longer this one (ended
   * or replaced in another tab), after which this log writes nothing more. From then on `append` puts an entry in
   * its place with `merging` too.
   */
  sync(merging: typeof TabSync): [added: LogEntry[], last: boolean] | null;
  /**
   * Another tab ended or replaced the conversation: the stored head says so, no merge needed. From then on this
   * log writes nothing more, as after `sync()` said so.
   */
  replaced(): boolean;
  /**
   * Add an entry with its wire frame; `now` stores it at once instead of with the next coalesced write. False when
   * it does not come last: an agent message another tab's write brought first has a higher id (tab-sync.ts).
   */
  append(entry: LogEntry, frame: string, now?: boolean): boolean;
  markRead(key: string): void;
  /** Write what is not stored yet. */
  flush(): void;
  /** Remove the conversation from storage for good (it ended here); nothing is written any more. */
  forget(): void;
  /** Write what is pending and stop (the page goes away). */
  dispose(): void;
}

/** Every entry but a queue position and a rating makes a message (typing is not logged). */
const makesMessage = (entry: LogEntry) => entry.event.type !== 'queue_number' && entry.event.type !== 'rating';

function readEntry(line: string, userId: string, format1: Format1 | undefined): LogEntry | null {
  const [, at = '', key = '', frame = ''] = LINE.exec(line) ?? [];
  const outbound = parseReceivedFrame(frame, format1, true);
  const parsed = outbound?.ok ? outbound : parseStoredInbound(frame);
  if (!parsed.ok || !('userId' in parsed.event) || parsed.event.userId !== userId) return null;
  const event: OutboundEvent | StoredInbound = parsed.event;
  // Of the customer's own events the texts and the rating are logged; a start never is.
  return event.direction === 'outbound' || event.type !== 'start' ? { at: +at, key, event } : null;
}

/**
 * A conversation is stored, and was active within `idleMs` (DESIGN §3 `resumeMinutes`; a head without its time
 * counts as active).
 */
export function hasConversation(store: KeyValueStore, idleMs: number): boolean {
  const head = readHead(store);
  return !!head && head[1] !== store.get(LEFT_KEY) && Date.now() - Number(head[4] ?? Date.now()) <= idleMs;
}

/**
 * The stored conversation, or a new one (with `newUserId()`) when there is none that reads back, or it was
 * idle longer than `idleMs`. `format1` reads the lines an older log holds in wire format 1.
 */
export function openLog(store: KeyValueStore, newUserId: () => string, idleMs: number, format1?: Format1): ConversationLog {
  let head = readHead(store);
  if (head && !hasConversation(store, idleMs)) {
    // Idle too long: a new conversation, and the old one's segments go.
    for (let n = Number(head[2]); n >= 0 && store.get(segmentKey(n)) !== null; n--) store.remove(segmentKey(n));
    head = null;
  }
  const userId = head?.[1] ?? newUserId();
  let last = Number(head?.[2] ?? 0);
  let read = head?.[3] ?? '';
  let activeAt = Number(head?.[4] ?? Date.now());
  /** Keys of the entries in the log; `quiet`: those that make no message (queue positions). */
  const known = new Set<string>();
  const quiet = new Set<string>();
  const learn = (entry: LogEntry) => {
    known.add(entry.key);
    if (!makesMessage(entry)) quiet.add(entry.key);
  };
  /** The last segment's lines, appended to and rewritten. */
  let open: string[] = [];
  const entries: LogEntry[] = [];
  let lastEventId = 0;

  // Down from the last segment to the first one missing: an unbroken run.
  let first = head ? last + 1 : 0;
  const stored: string[] = [];
  for (let text; head && first > 0 && (text = store.get(segmentKey(first - 1))) !== null; first--) stored.unshift(text);
  for (const text of stored) {
    open = linesOf(text);
    for (const line of open) {
      const entry = readEntry(line, userId, format1);
      // A line two tabs both wrote back into different segments (`closed`) is one message.
      if (!entry || known.has(entry.key)) continue;
      learn(entry);
      entries.push(entry);
      if (entry.event.direction === 'outbound' && entry.event.id !== undefined) lastEventId = Math.max(lastEventId, entry.event.id);
    }
  }
  let dirty = !head;
  /** A segment could not be written: nothing more is, so what is stored stays an unbroken run. */
  let broken = false;
  let forgotten = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The head names this conversation (it was stored, or written here). */
  let named = !!head;
  /**
   * Another tab removed or replaced the conversation (DESIGN §4.5) and this page has not heard yet: what is
   * waiting to be written here must not bring it back. This log then writes nothing more, as after `sync()`.
   */
  const replaced = () => {
    if (!named || forgotten) return forgotten;
    const stored = readHead(store)?.[1];
    const left = store.get(LEFT_KEY);
    // The head of the conversation left before this one is a late write: this one's goes back over it.
    return (forgotten = left === userId || (stored !== userId && stored !== left));
  };
  /** The customer read something here that the stored head does not say yet. */
  let readHere = false;
  const writeHead = () => {
    if (broken || forgotten || replaced()) return;
    // Another tab may have written what was read there since (DESIGN §4.5): that is kept, not overwritten.
    const stored = readHead(store);
    if (!readHere && stored?.[1] === userId) read = stored[3] ?? '';
    readHere = false;
    store.set(LOG_KEY, `${userId} ${last} ${read} ${activeAt}`);
    named = true;
  };

  /** Drop the oldest stored segment (never the one being written). */
  const dropOldest = (): boolean => first < last && (store.remove(segmentKey(first++)), true);

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!dirty || broken || forgotten || replaced()) return;
    dirty = false;
    broken = !store.set(segmentKey(last), open.join('\n'));
    // The head says when the conversation was last active (the idle limit counts from there).
    writeHead();
  };

  /**
   * The segment this page closed last: another tab closing it in the same instant may have written its own
   * version over this one's, so `sync()` writes back what that version lacks.
   */
  let closed: string[] = [];
  /**
   * The merge of other tabs' writes (tab-sync.ts), once this page merged one: from then on what it appends goes
   * in its place in conversation order, as another tab's write may have brought a later agent message first.
   * Until then this page's own entries are all it has after the stored ones (whose ids it resumed from), and
   * each goes at the end.
   */
  let merging: typeof TabSync | undefined;

  // A new conversation: its first (empty) segment, then (flush writes it after the segment) the head that names it.
  flush();
  store.evictor = dropOldest;

  return {
    userId,
    isNew: !head,
    entries,
    cut: first > 0,
    lastEventId,
    get read() {
      return read;
    },
    has: (key) => known.has(key),
    replaced,
    sync(chunk) {
      merging = chunk;
      const merged = forgotten ? null : chunk.syncLog(store, userId, (line) => readEntry(line, userId, format1), known, learn, entries, first, last, open, closed, read, activeAt);
      if (!merged) {
        forgotten = true;
        clearTimeout(timer);
        return null;
      }
      let added, atEnd, write;
      [added, atEnd, write, open, closed, last, read, activeAt] = merged;
      if (write) {
        dirty = true;
        if (write === 'now') flush();
        else timer ??= setTimeout(flush, SAVE_DELAY_MS);
      }
      return [added, atEnd];
    },
    append(entry, frame, now) {
      learn(entry);
      // At the end, unless another tab's write brought a later agent message first.
      const place = merging?.placeEntry(entries, entry) ?? entries.length;
      entries.splice(place, 0, entry);
      activeAt = entry.at;
      // A raw newline in JSON text can only be whitespace between tokens (inside a string it is escaped).
      const line = `${entry.at} ${entry.key} ${frame.replace(/\n/g, ' ')}`;
      open.splice(merging?.placeLine(open, line) ?? open.length, 0, line);
      dirty = true;
      // The open segment closes at SEGMENT_LINES lines that make a message (counted only once it has that many
      // lines: an append to a busy conversation stays cheap).
      const messages = () => open.filter((line) => !quiet.has(keyOf(line))).length;
      if (makesMessage(entry) && open.length >= SEGMENT_LINES && messages() >= SEGMENT_LINES) {
        // Closed: written, and a new (empty) segment begun and written before the head names it.
        flush();
        closed = open;
        open = [];
        last += 1;
        dirty = true;
        flush();
        // DESIGN §4.3: at least the last KEPT_MESSAGES; whole closed segments beyond that give way.
        while (last - first > KEPT_MESSAGES / SEGMENT_LINES) dropOldest();
      } else if (now) flush();
      else timer ??= setTimeout(flush, SAVE_DELAY_MS);
      return place === entries.length - 1;
    },
    markRead(key) {
      read = key;
      readHere = true;
      writeHead();
    },
    flush,
    forget() {
      this.dispose();
      // Another tab may have begun the next conversation under the same keys: only this one's go.
      if (!forgotten && readHead(store)?.[1] === userId) {
        store.set(LEFT_KEY, userId);
        store.remove(LOG_KEY);
        for (let n = first; n <= last; n++) store.remove(segmentKey(n));
      }
      forgotten = true;
    },
    dispose() {
      flush();
      // Only the current conversation's log is the evictor: the next one sets itself after this one goes.
      store.evictor = null;
    },
  };
}
