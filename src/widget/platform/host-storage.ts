/**
 * The iframe's side of host storage (the host side, and why: `src/embed/host-storage.ts`): a `Storage` over
 * a copy of the widget's keys in the host page's storage. The copy comes once, when asked, before the chat
 * starts; each write goes to the host page through the bridge (and into the copy at once); each key another
 * tab changes comes back and is told to `changes`' listeners, as `storage` events would be.
 *
 * Messages are heard only from the parent window at the host's origin (`#host=`), and narrowed by the
 * bridge's `readHostMessage`. A host page that does not answer within ANSWER_MS (a loader of an older
 * version) leaves the chat on memory: it works, only without restore.
 */
import { readEntries, readHostMessage, type FrameMessage } from '../../embed/messages.ts';
import { createMemoryStorage } from './memory-storage.ts';
import { listen } from './listen.ts';
import type { SharedStorage } from './conversation-storage.ts';
import type { Changes } from './storage.ts';

export const ANSWER_MS = 2_000;


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
      const message = readHostMessage(event.data);
      const entries = message?.kind === 'stored' ? readEntries(message.entries) : null;
      if (!entries) return;
      for (const [key, value] of entries) {
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

