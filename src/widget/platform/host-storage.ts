/**
 * The iframe's side of host storage (the host side, and why: `src/embed/host-storage.ts`): a `Storage` over
 * a copy of the widget's keys in the host page's storage. The copy comes once, when asked, before the chat
 * starts; each write goes to the host page through the bridge (and into the copy at once); each key another
 * tab changes comes back and is told to `changes`' listeners, as `storage` events would be.
 *
 * Messages are heard only from the parent window at the host's origin (`#host=`), and narrowed by the
 * bridge's one `readMessage`. A host page that does not answer within ANSWER_MS (a loader of an older
 * version) leaves the chat on memory: it works, only without restore.
 */
import { readMessage, type FrameMessage } from '../../embed/messages.ts';
import { createMemoryStorage } from './memory-storage.ts';
import { listen } from './listen.ts';
import type { Changes } from './storage.ts';

export const ANSWER_MS = 2_000;

export interface SharedStorage {
  /** Where the conversation is kept; absent: memory only. */
  storage?: Storage;
  /** What other tabs change in it; absent: nothing is shared. */
  changes?: Changes;
  dispose(): void;
}

export function openHostStorage(win: Window, hostOrigin: string): Promise<SharedStorage> {
  const host = win.parent;
  const copy = createMemoryStorage();
  const listeners = new Set<(key: string) => void>();
  const post = (key?: string, value?: string) =>
    host.postMessage({ sermo: 1, kind: 'store', key, value } satisfies FrameMessage, hostOrigin);
  const storage: Storage = Object.assign(Object.create(copy) as Storage, {
    setItem(key: string, value: string) {
      copy.setItem(key, value);
      post(key, value);
    },
    removeItem(key: string) {
      copy.removeItem(key);
      post(key);
    },
  });
  return new Promise((resolve) => {
    let answered = false;
    const timer = setTimeout(() => resolve({ dispose: stop }), ANSWER_MS);
    const stop = listen(win, 'message', (event) => {
      if (!(event instanceof MessageEvent) || event.source !== host || event.origin !== hostOrigin) return;
      const message = readMessage(event.data);
      if (message?.kind !== 'stored') return;
      for (const [key, value] of message.entries) {
        if (value === null) copy.removeItem(key);
        else copy.setItem(key, value);
        if (answered) for (const listener of listeners) listener(key);
      }
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      const changes: Changes = (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      };
      resolve({ storage, changes, dispose: stop });
    });
    post();
  });
}

/**
 * Where the conversation is kept (DESIGN §4): the iframe's own `localStorage`, shared by the tabs of the
 * site (`sessionStorage`, this tab only, with `resumeMinutes=0`); where the browser gives the iframe no
 * storage, the host page's through the loader (script-tag mode); else memory, for the page's life.
 */
export function openConversationStorage(win: Window, resumeMinutes: number, hostOrigin: string | undefined): Promise<SharedStorage> {
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
    return Promise.resolve({ storage: own, changes, dispose() {} });
  }
  return hostOrigin ? openHostStorage(win, hostOrigin) : Promise.resolve({ dispose() {} });
}
