/**
 * Merging what another tab wrote (DESIGN §4.5), in a chunk of its own (DESIGN §8): a customer with one tab
 * never needs it, so it loads when another tab of the conversation shows up (registers) or writes (chat.ts).
 * It reads the store, not the change that was heard: one merge after the chunk is in takes in every change
 * heard while it loaded.
 *
 * The log (log.ts) hands its copy of the conversation to `syncLog` and keeps what comes back, and once it merged
 * a write it puts what it appends in its place with `placeEntry` and `placeLine` (before that, its own are all
 * there is, and each goes at the end); the outbox (connection/outbox.ts) hands its entries to `syncOutbox`.
 */
import type { OutboxEntry } from '../connection/outbox.ts';
import type { KeyValueStore } from '../platform/storage.ts';
import type { LogEntry } from './log.ts';
import { LEFT_KEY, keyOf, linesOf, readHead, segmentKey } from './log-store.ts';

/**
 * What a merge changed: the entries another tab added that this page had not seen (oldest first), and whether
 * they come last in the log (else some go before entries this page has); whether this page's copy must be
 * written (at once, or with the next coalesced write); and the copy's new `open`, `closed`, `last`, `read` and
 * `activeAt`.
 */
export type LogSync = [
  added: LogEntry[],
  last: boolean,
  write: 'now' | 'soon' | null,
  open: string[],
  closed: string[],
  lastSegment: number,
  read: string,
  activeAt: number,
];

/** What `placeOf` orders by: a time (epoch ms) and a message key. */
interface Placed {
  at: number;
  key: string;
}

/** The broker's id in an outbound event's key (`e<id>`); the customer's own and events without an id have none. */
const idOfKey = (key: string): number | undefined => (/^e\d+$/.test(key) ? Number(key.slice(1)) : undefined);

/**
 * Where `item` goes in `list`, which is in conversation order: after every item of its time or before (usually
 * at the end), and, for an event with the broker's id, after every one of a lower id and before every one of a
 * higher id. Times alone are not enough: each tab shows an agent message when its own socket or another tab's
 * write brings it, so two tabs' times for two messages can disagree with the order they were sent in (the
 * chaos run, seed 800649855, showed a-0085 before a-0084 in the tab that took a-0085 from the other's write).
 */
function placeOf<T>(list: readonly T[], item: T, view: (item: T) => Placed): number {
  const { at, key } = view(item);
  let place = list.length;
  while (place > 0 && view(list[place - 1]!).at > at) place--;
  const id = idOfKey(key);
  // Back from the end to the nearest lower id (usually the last agent message): after it, before every higher one.
  for (let k = list.length - 1; id !== undefined && k >= 0; k--) {
    const other = idOfKey(view(list[k]!).key);
    if (other === undefined) continue;
    if (other < id) return Math.max(place, k + 1);
    place = Math.min(place, k);
  }
  return place;
}

/** Where an entry goes in the log's entries (`placeOf`). */
export const placeEntry = (entries: readonly LogEntry[], entry: LogEntry) => placeOf(entries, entry, (each) => each);
/** Where a stored line (`<at> <key> <frame>`) goes in a segment's lines (`placeOf`). */
export const placeLine = (lines: readonly string[], line: string) =>
  placeOf(lines, line, (each) => ({ at: parseInt(each), key: keyOf(each) }));

/**
 * The lines of a stored segment and those of this page it lacks, each put in its place (`placeOf`). Put at the
 * end instead, a line written back by a tab that had it would follow lines written after it (a reloaded tab's
 * next text, say).
 */
function merged(stored: string[], mine: string[]): string[] {
  const lines = [...stored];
  for (const line of mine) lines.splice(placeLine(lines, line), 0, line);
  return lines;
}

/** Lines of `mine` a stored segment lacks (written here, not yet there), in order. */
function missingFrom(stored: string[], mine: string[]): string[] {
  const keys = new Set(stored.map(keyOf));
  return mine.filter((line) => !keys.has(keyOf(line)));
}

/**
 * Another tab changed the stored log: take in what it added, and write back this page's lines it lacks. Null
 * when the stored conversation is no longer this one (ended or replaced in another tab).
 *
 * The rest is this page's copy of the log, as `openLog` keeps it: the keys of its entries (`learn` adds one), and
 * its entries in conversation order (merged ones are put in their places there); the first and last stored
 * segments it knows of, the last one's lines as it would write them (`open`), and the segment it closed last
 * (`closed`, log.ts); the newest message read, and the last activity (epoch ms).
 */
export function syncLog(
  store: KeyValueStore,
  userId: string,
  readLine: (line: string) => LogEntry | null,
  known: ReadonlySet<string>,
  learn: (entry: LogEntry) => void,
  entries: LogEntry[],
  first: number,
  last: number,
  open: string[],
  closed: string[],
  newestRead: string,
  activeAt: number,
): LogSync | null {
  const stored = readHead(store);
  const left = store.get(LEFT_KEY);
  if (stored && stored[1] === left && left !== userId) {
    // A late write of the conversation left before this one (LEFT_KEY) went over this one's head and open
    // segment; what it wrote above this one's segments goes.
    for (let n = Number(stored[2]); n > last; n--) store.remove(segmentKey(n));
    return [[], true, 'now', open, closed, last, newestRead, activeAt];
  }
  if (left === userId || stored?.[1] !== userId) return null;
  const added: LogEntry[] = [];
  const storedLast = Number(stored[2]);
  let mine: string[] = [];
  for (let n = closed.length > 0 ? last - 1 : last; n <= storedLast; n++) {
    const lines = linesOf(store.get(segmentKey(n)));
    // (Unless it gave way meanwhile: what is gone stays gone.)
    if (n === last - 1 && n >= first) {
      const lost = missingFrom(lines, closed);
      if (lost.length > 0) store.set(segmentKey(n), merged(lines, lost).join('\n'));
    }
    if (n === last) mine = missingFrom(lines, open);
    for (const line of lines) {
      // Only lines not seen yet are parsed: a sync per write of another tab stays cheap.
      const entry = known.has(keyOf(line)) ? null : readLine(line);
      if (entry) {
        learn(entry);
        added.push(entry);
        entries.splice(placeEntry(entries, entry), 0, entry);
      }
    }
    // The open segment, as stored, with this page's lines it lacks (not one this page has closed already), and
    // only lines of this conversation: a late write of the one left before it may have put its own there.
    if (n === storedLast && n >= last) open = merged(lines.filter((line) => known.has(keyOf(line))), mine);
  }
  // Another tab closed the segment: this page's lines it lacks go on in the next one.
  if (storedLast > last) closed = [];
  const tail = entries.slice(-added.length);
  const atEnd = added.every((entry, i) => tail[i] === entry);
  return [added, atEnd, mine.length > 0 ? 'soon' : null, open, closed, Math.max(last, storedLast), stored[3] ?? '', Math.max(activeAt, Number(stored[4] ?? 0))];
}

/**
 * Another tab changed the stored outbox (connection/outbox.ts): take in the entries it added (`stored`, this
 * conversation's) and the ones it delivered (`storedAcked`), into this page's `entries` and `acked`; `remove`
 * takes a delivered entry out, and `persist` writes this page's entries back when the stored outbox lacks one
 * not delivered yet.
 */
export function syncOutbox(
  stored: OutboxEntry[],
  storedAcked: Set<string>,
  acked: Set<string>,
  entries: OutboxEntry[],
  remove: (index: number) => void,
  persist: () => void,
): void {
  for (const id of storedAcked) acked.add(id);
  const mine = entries.filter((e) => !stored.some((s) => s.id === e.id));
  entries.push(...stored.filter((s) => !entries.some((e) => e.id === s.id)));
  for (let i = entries.length - 1; i >= 0; i--) if (acked.has(entries[i]!.id)) remove(i);
  if (mine.some((e) => !acked.has(e.id))) persist();
}
