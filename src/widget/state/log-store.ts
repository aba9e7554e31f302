/**
 * The conversation log's stored form (log.ts says what it holds): its keys, its head, its lines, and where a line
 * or an entry goes in conversation order. Apart from log.ts, so that the merge of another tab's write (tab-sync.ts,
 * a chunk of its own) shares these with the first load without bringing the protocol's parsers into its graph.
 */
import { STORAGE_PREFIX, type KeyValueStore } from '../platform/storage.ts';

export const LOG_KEY = `${STORAGE_PREFIX}log`;

/** `<userId> <last segment> <newest read key, or nothing>[ <last activity, epoch ms>]`. */
const HEAD = /^([\w-]{1,100}) (\d{1,9}) (\S*)(?: (\d{1,16}))?$/;

/** What `placeOf` orders by: a time (epoch ms) and a message key. */
interface Placed {
  at: number;
  key: string;
}

export const segmentKey = (n: number) => `${LOG_KEY}.${n}`;
/**
 * The userId of the conversation last left (`forget`). Each tab reads its own copy of the storage, so a tab that
 * has not heard yet may write that conversation's head and open segment back with its coalesced write: a head
 * naming it is no conversation, and the next one's tab writes its own back over it.
 */
export const LEFT_KEY = `${LOG_KEY}.left`;
export const readHead = (store: KeyValueStore) => HEAD.exec(store.get(LOG_KEY) ?? '');
export const linesOf = (text: string | null) => (text ? text.split('\n') : []);
export const keyOf = (line: string) => line.split(' ', 2)[1] ?? '';
/** A stored line's time and key, for `placeOf`. */
export const lineView = (line: string) => ({ at: parseInt(line), key: keyOf(line) });
/** The broker's id in an outbound event's key (`e<id>`); the customer's own and events without an id have none. */
const idOfKey = (key: string): number | undefined => (/^e\d+$/.test(key) ? Number(key.slice(1)) : undefined);

/**
 * Where `item` goes in `list`, which is in conversation order: after every item of its time or before (usually
 * at the end), and, for an event with the broker's id, after every one of a lower id and before every one of a
 * higher id. Times alone are not enough: each tab shows an agent message when its own socket or another tab's
 * write brings it, so two tabs' times for two messages can disagree with the order they were sent in (the
 * chaos run, seed 800649855, showed a-0085 before a-0084 in the tab that took a-0085 from the other's write).
 */
export function placeOf<T>(list: readonly T[], item: T, view: (item: T) => Placed): number {
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

/** An entry's time and key, for `placeOf`. */
export const entryView = <T extends Placed>(entry: T): Placed => entry;

