/**
 * The one postMessage vocabulary between the loader (host page) and the widget iframe (DESIGN §3).
 *
 * Shared by `sermo.js` and `src/widget/bridge.ts`, so it stays tiny and dependency free. Every message is
 * `{ sermo: 1, kind, count? }`: the `sermo` field namespaces it among whatever else a host page posts, and
 * its value is the version. Both sides also check the exact source window and origin before reading it.
 */

/** Bumped when a message changes meaning; a side ignores versions it does not know. */
export const BRIDGE_VERSION = 1;

/**
 * Host -> iframe: the panel was opened or minimised; or (`stored`, host storage: `host-storage.ts`) the
 * widget's keys in the host page's storage, all of them when asked, then each one another tab changes.
 */
export type HostMessage = { sermo: 1; kind: 'open' | 'close' } | { sermo: 1; kind: 'stored'; entries: unknown };

/** A key of the host page's storage and its value (null: removed). */
export type StoredEntry = [key: string, value: string | null];

/**
 * Iframe -> host: the app is listening (`ready`), the unread count changed, the conversation had activity
 * (`active`: a message sent or received, so the loader counts it as running for `resumeMinutes` more), the
 * conversation ended, or the customer asked to minimise (Escape, the minimise button, or ending the chat).
 */
export type FrameMessage =
  | { sermo: 1; kind: 'ready' | 'active' | 'ended' | 'minimise' }
  | { sermo: 1; kind: 'unread'; count: number }
  /** Host storage: without a key, "send me what is stored, then what other tabs change"; else a write (no value: remove). */
  | { sermo: 1; kind: 'store'; key?: string | undefined; value?: string | undefined };

export type BridgeMessage = HostMessage | FrameMessage;

export type BridgeKind = BridgeMessage['kind'];

/** An unread count: a whole number, not negative. `% 1` refuses fractions, NaN and Infinity in one go. */
export const isCount = (count: unknown): count is number => typeof count == 'number' && count >= 0 && count % 1 == 0;

/** A string, or absent. */
const isText = (text: unknown): text is string | undefined => text === undefined || typeof text == 'string';

const isEntry = (entry: unknown): entry is StoredEntry =>
  Array.isArray(entry) && entry.length == 2 && typeof entry[0] == 'string' && (entry[1] === null || typeof entry[1] == 'string');

/** The entries of a `stored` message, or null when they are not all a key and a value (or null). */
export const readEntries = (entries: unknown): StoredEntry[] | null => (Array.isArray(entries) && entries.every(isEntry) ? entries : null);

/*
 * The narrowing of posted data to a bridge message, one reader per direction: each side reads only the kinds
 * that travel to it, and anything else (other scripts' messages, other versions, unknown kinds, a kind that
 * travels the other way, a bad count) is `null`. `Object()` leaves objects as they are and boxes primitives,
 * whose fields are then all undefined.
 */

/** What the host page (the loader) posted to the iframe, or `null`. */
export function readHostMessage(data: unknown): HostMessage | null {
  const { sermo, kind, entries }: Record<string, unknown> = Object(data);
  if (sermo !== BRIDGE_VERSION) return null;
  if (kind === 'open' || kind === 'close') return { sermo, kind };
  // Its entries are narrowed by `readEntries` where they are read (host-storage.ts).
  return kind === 'stored' ? { sermo, kind, entries } : null;
}

/** What the iframe posted to the host page (the loader), or `null`. */
export function readFrameMessage(data: unknown): FrameMessage | null {
  const { sermo, kind, count, key, value }: Record<string, unknown> = Object(data);
  if (sermo !== BRIDGE_VERSION) return null;
  if (kind === 'ready' || kind === 'active' || kind === 'ended' || kind === 'minimise') return { sermo, kind };
  if (kind === 'store') return isText(key) && isText(value) ? { sermo, kind, key, value } : null;
  return kind === 'unread' && isCount(count) ? { sermo, kind, count } : null;
}
