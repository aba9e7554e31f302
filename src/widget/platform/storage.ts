/**
 * The storage seam of the chat: a string key-value store that never throws, over the Storage the iframe
 * keeps its conversation in (`conversation-storage.ts` picks it: DESIGN §4.5's `localStorage`, shared by the
 * tabs of the site, or the tab's `sessionStorage` with `resumeMinutes=0`), and the changes other tabs make.
 *
 * In a cross-site iframe, third-party storage blocking makes merely reading `window.sessionStorage` throw
 * (SecurityError), and `setItem` throws when the quota is full. The chat must still work then, for the life
 * of the page. A full quota first asks the evictor (the transcript log: its oldest messages give way) to
 * make room, so what must not be lost (the outbox) is written; only when nothing more can give way does a
 * value live in memory, which is the best available.
 */

export interface KeyValueStore {
  get(key: string): string | null;
  /** True when stored; false when kept in memory only (storage blocked, or full with nothing left to evict). */
  set(key: string, value: string): boolean;
  remove(key: string): void;
  /** Every stored key (this page's memory-only ones included). */
  keys(): string[];
  /** Who frees room when a write does not fit: it drops something and returns true, or has nothing left (false). */
  evictor: (() => boolean) | null;
  /** Hear the keys other tabs change (DESIGN §4.5); returns the unsubscribe. Never this page's own writes. */
  watch(listener: (key: string) => void): () => void;
}

/** Tells of a key another tab changed in the shared storage (`storage` events, or the loader's forwarding). */
export type Changes = (listener: (key: string) => void) => () => void;

/** Every key the widget stores starts with this, apart from the loader's own keys in the host page. */
export const STORAGE_PREFIX = 'sermo.chat.';

/**
 * @param getStorage returns the Storage (it may throw, as `window.sessionStorage` may).
 * @param changes other tabs' changes to it; none: nothing is shared (a tab's `sessionStorage`).
 */
export function createStore(getStorage: () => Storage | undefined, changes?: Changes): KeyValueStore {
  const memory = new Map<string, string>();
  let storage: Storage | undefined;
  try {
    storage = getStorage();
  } catch {
    storage = undefined; // blocked third-party storage: memory only (see the module comment)
  }
  const store: KeyValueStore = {
    get(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null; // storage became unavailable: nothing stored is readable
      }
    },
    set(key, value) {
      for (;;) {
        try {
          if (storage) {
            storage.setItem(key, value);
            memory.delete(key);
            return true;
          }
        } catch {
          // Quota full (or blocked): make room and try again while something can give way.
          if (store.evictor?.()) continue;
        }
        memory.set(key, value);
        return false;
      }
    },
    remove(key) {
      memory.delete(key);
      try {
        storage?.removeItem(key);
      } catch {
        // blocked: the memory copy is already gone, which is all that can be done
      }
    },
    keys() {
      const keys = new Set(memory.keys());
      try {
        for (let i = 0; storage && i < storage.length; i++) keys.add(storage.key(i) ?? '');
      } catch {
        // blocked: only the memory copies are known
      }
      keys.delete('');
      return [...keys];
    },
    evictor: null,
    watch: (listener) => changes?.((key) => key.startsWith(STORAGE_PREFIX) && listener(key)) ?? (() => {}),
  };
  return store;
}
