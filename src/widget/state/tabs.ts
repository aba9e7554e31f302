/**
 * The open tabs of the conversation (DESIGN §4.5: `client_unload` only when the last one goes). Each tab's
 * widget keeps a key of its own in the shared store, `sermo.chat.tab.<id>`, holding the time (epoch ms) until
 * which it counts as open; it is pushed ahead every REFRESH_MS and removed when the page goes. A tab that
 * died without removing it (a crash, a killed process) stops counting once that time has passed, and the
 * next tab to refresh removes its key. One key per tab, so no two tabs ever write the same key.
 *
 * Why not Web Locks (a lock held while the page lives): where the iframe has no storage of its own, it has
 * no locks either, and its storage is the host page's (the loader removes these keys when its page goes).
 */
import { STORAGE_PREFIX, type KeyValueStore } from '../platform/storage.ts';

export const TAB_PREFIX = `${STORAGE_PREFIX}tab.`;
export const REFRESH_MS = 5_000;
/** A tab counts as open this long after its last refresh: a refresh late by a throttled timer still counts. */
export const TAB_TTL_MS = 120_000;

export interface TabRegistration {
  /** This tab's key in the store. */
  readonly key: string;
  /** This tab goes: its key is removed; whether it was the last open tab of the conversation. */
  leave(): boolean;
  dispose(): void;
}

/** Whether a tab of the conversation other than `except` is open. */
export function othersOpen(store: KeyValueStore, except = ''): boolean {
  const now = Date.now();
  return store.keys().some((k) => k.startsWith(TAB_PREFIX) && k !== except && Number(store.get(k)) > now);
}

export function registerTab(store: KeyValueStore, randomUUID: () => string): TabRegistration {
  const key = `${TAB_PREFIX}${randomUUID()}`;
  const refresh = () => {
    const now = Date.now();
    store.set(key, `${now + TAB_TTL_MS}`);
    for (const other of store.keys()) if (other.startsWith(TAB_PREFIX) && !(Number(store.get(other)) > now)) store.remove(other);
  };
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return {
    key,
    leave() {
      clearInterval(timer);
      store.remove(key);
      return !othersOpen(store, key);
    },
    dispose() {
      clearInterval(timer);
    },
  };
}
