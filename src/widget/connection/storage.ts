/**
 * A string key-value store over `sessionStorage` that never throws.
 *
 * In a cross-site iframe, third-party storage blocking makes merely reading `window.sessionStorage` throw
 * (SecurityError), and `setItem` throws when the quota is full. The chat must still work then, for the
 * life of the page: every failure falls back to an in-memory map, which is the best available.
 */

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** Every key the widget stores starts with this, apart from the loader's own keys in the host page. */
export const STORAGE_PREFIX = 'sermo.chat.';

/** @param getStorage returns the Storage (it may throw, as `window.sessionStorage` may). */
export function createStore(getStorage: () => Storage | undefined): KeyValueStore {
  const memory = new Map<string, string>();
  let storage: Storage | undefined;
  try {
    storage = getStorage();
  } catch {
    storage = undefined; // blocked third-party storage: memory only (see the module comment)
  }
  return {
    get(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null; // storage became unavailable: nothing stored is readable
      }
    },
    set(key, value) {
      try {
        if (storage) {
          storage.setItem(key, value);
          memory.delete(key);
          return;
        }
      } catch {
        // quota full or blocked: keep the value for this page at least
      }
      memory.set(key, value);
    },
    remove(key) {
      memory.delete(key);
      try {
        storage?.removeItem(key);
      } catch {
        // blocked: the memory copy is already gone, which is all that can be done
      }
    },
  };
}
