/**
 * The conversation log's stored form (log.ts says what it holds): its keys, its head and its lines. Apart from
 * log.ts, so that the merge of another tab's write (tab-sync.ts, a chunk of its own) shares these with the first
 * load without bringing the protocol's parsers into its graph.
 */
import { STORAGE_PREFIX, type KeyValueStore } from '../platform/storage.ts';

export const LOG_KEY = `${STORAGE_PREFIX}log`;

/** `<userId> <last segment> <newest read key, or nothing>[ <last activity, epoch ms>]`. */
const HEAD = /^([\w-]{1,100}) (\d{1,9}) (\S*)(?: (\d{1,16}))?$/;

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
