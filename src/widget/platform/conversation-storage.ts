/**
 * Where the conversation is kept (DESIGN §4): the iframe's own `localStorage`, shared by the tabs of the
 * site (`sessionStorage`, this tab only, with `resumeMinutes=0`); where the browser gives the iframe no
 * storage, the host page's through the loader (script-tag mode: `host-storage.ts`, a chunk of its own that
 * only such a browser loads); else memory, for the page's life.
 */
import { listen } from './listen.ts';
import type { Changes } from './storage.ts';

export interface SharedStorage {
  /** Where the conversation is kept; absent: memory only. */
  storage?: Storage;
  /** What other tabs change in it; absent: nothing is shared. */
  changes?: Changes;
  dispose(): void;
}

export async function openConversationStorage(win: Window, resumeMinutes: number, hostOrigin: string | undefined): Promise<SharedStorage> {
  let own: Storage | undefined;
  try {
    own = resumeMinutes ? win.localStorage : win.sessionStorage;
    void own.length;
  } catch {
    own = undefined; // blocked third-party storage
  }
  if (own) {
    const area = own;
    const changes: Changes = (listener) =>
      listen(win, 'storage', (event) => event instanceof StorageEvent && event.storageArea === area && event.key !== null && listener(event.key));
    return { storage: own, changes, dispose() {} };
  }
  // A chunk that cannot load (offline) leaves the chat on memory, working.
  const hosted = hostOrigin && (await import('./host-storage.ts').catch(() => null));
  return hosted ? hosted.openHostStorage(win, hostOrigin) : { dispose() {} };
}
