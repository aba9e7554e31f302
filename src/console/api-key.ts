/**
 * Where the console gets its application API key (DESIGN §6.2 "Keys": no key is ever in a page the broker
 * serves), in order:
 * 1. `#key=...` in the URL: the link `npm start` prints. A fragment never reaches a server or its logs; the
 *    console removes it from the address bar at once.
 * 2. This tab's sessionStorage (a reload), where every key the console uses is kept (`rememberApiKey`).
 * Otherwise the agent types it in.
 */

export const STORAGE_KEY = 'sermo-console-api-key';
/** What a key looks like: printable ASCII without spaces, of a sane length. */
const KEY_SHAPE = /^[\x21-\x7e]{4,200}$/;

export interface KeySources {
  location: Pick<Location, 'hash'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

export type FoundKey = { key: string; from: 'link' | 'session' } | null;

/** The key from the link's fragment or this tab's storage; null when the agent must type it. */
export function findApiKey(sources: KeySources): FoundKey {
  const fromLink = new URLSearchParams(sources.location.hash.replace(/^#/, '')).get('key');
  if (fromLink !== null && KEY_SHAPE.test(fromLink)) {
    rememberApiKey(sources.storage, fromLink);
    return { key: fromLink, from: 'link' };
  }
  const stored = sources.storage.getItem(STORAGE_KEY);
  if (stored !== null && KEY_SHAPE.test(stored)) return { key: stored, from: 'session' };
  return null;
}

/** Keeps the key for this tab only: sessionStorage ends with the tab, and no other tab or site sees it. */
export function rememberApiKey(storage: Pick<Storage, 'setItem'>, key: string): void {
  storage.setItem(STORAGE_KEY, key);
}
