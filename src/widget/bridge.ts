/**
 * The iframe side of the loader bridge (DESIGN §3; the host side is `src/embed/loader.ts`).
 *
 * Tells the host page `ready`, the unread count, activity and `ended`, and asks it to minimise (Escape, the panel's
 * minimise button, the customer ending the chat). Obeys only `open` and `close`, and only from the parent
 * window at the origin the loader named in `#host=`: nothing a host page posts can make the widget send
 * the broker anything but what opening or closing the panel implies.
 *
 * It coordinates with the panel the UI renders by props (wired by `main.tsx`): `focusComposer` acts on the
 * composer's ref, and `<App>` says when its dialog opens or closes (`setDialogOpen`). It never queries the
 * UI's DOM.
 */
import { effect, type ReadonlySignal } from '@preact/signals-core';
import { readHostMessage, type FrameMessage } from '../embed/messages.ts';
import type { Chat, EndedBy } from './state/types.ts';

/** What the bridge needs of the chat model. */
export type HostedChat = Pick<Chat, 'unreadCount' | 'setPanelOpen' | 'startNew' | 'messages'> & {
  ended: ReadonlySignal<EndedBy | null>;
};

export interface HostLink {
  /** Ask the host page to minimise the panel (the header's minimise button). */
  minimise(): void;
  /** A dialog of the panel opened or closed: while one is open, Escape is its own (it cancels), not a minimise. */
  setDialogOpen(open: boolean): void;
  /** Remove the listeners and effects; the host hears nothing more. */
  dispose(): void;
}

export interface HostOptions {
  /** The host page's origin (`#host=`): the only one heard and posted to. */
  hostOrigin: string;
  /** Give the composer the focus: the host just opened the panel. */
  focusComposer: () => void;
  window?: Window;
}

export function connectHost(chat: HostedChat, options: HostOptions): HostLink {
  const win = options.window ?? window;
  const { hostOrigin, focusComposer } = options;
  const host = win.parent;
  let live = true;
  let dialogOpen = false;
  /** The customer ended the chat: the next `open` begins a new conversation (DESIGN §4, client_left). */
  let renew = chat.ended.peek() === 'customer';

  /** Post a FrameMessage; `count` goes with `unread` only. */
  const tell = (kind: FrameMessage['kind'], count?: number) => {
    if (live) host.postMessage({ sermo: 1, kind, count }, hostOrigin);
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== host || event.origin !== hostOrigin) return;
    // The panel's two kinds; `stored` is host storage's (platform/host-storage.ts).
    switch (readHostMessage(event.data)?.kind) {
      case 'open':
        if (renew) {
          renew = false;
          chat.startNew();
        }
        chat.setPanelOpen(true);
        // After the render that startNew or the panel state queued (Preact renders in a microtask queued
        // before this one), so the composer is there and enabled.
        queueMicrotask(() => live && focusComposer());
        break;
      case 'close':
        chat.setPanelOpen(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // An Escape that something used (a dialog closing) is not a request to minimise.
    if (event.key === 'Escape' && !event.defaultPrevented && !dialogOpen) {
      tell('minimise');
    }
  };

  win.addEventListener('message', onMessage);
  win.addEventListener('keydown', onKeyDown);
  tell('ready');

  const stopUnread = effect(() => {
    tell('unread', chat.unreadCount.value);
  });

  let last = chat.messages.peek().at(-1)?.key;
  let endedBefore = chat.ended.peek();
  const stopNews = effect(() => {
    // A message sent or received: the loader counts the conversation as running `resumeMinutes` from now. Only
    // a new last message counts: a shown one turning "sent" or "read" is no activity (the idle time, like the
    // log's, runs from the last message either way).
    const key = chat.messages.value.at(-1)?.key;
    if (key !== last) tell('active');
    last = key;

    const ended = chat.ended.value;
    // Only a change is news: a reload of an ended conversation was already reported.
    if (ended && !endedBefore) {
      tell('ended');
      if (ended === 'customer') {
        renew = true;
        tell('minimise');
      }
    }
    if (!ended) renew = false;
    endedBefore = ended;
  });

  return {
    minimise: () => tell('minimise'),
    setDialogOpen: (open) => {
      dialogOpen = open;
    },
    dispose() {
      live = false;
      win.removeEventListener('message', onMessage);
      win.removeEventListener('keydown', onKeyDown);
      stopUnread();
      stopNews();
    },
  };
}
