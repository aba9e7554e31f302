/**
 * The iframe side of the loader bridge (DESIGN §3; the host side is `src/embed/loader.ts`).
 *
 * Tells the host page `ready`, the unread count and `ended`, and asks it to minimise (Escape, the panel's
 * minimise button, the customer ending the chat). Obeys only `open` and `close`, and only from the parent
 * window at the origin the loader named in `#host=`: nothing a host page posts can make the widget send
 * the broker anything but what opening or closing the panel implies.
 */
import { effect, type ReadonlySignal } from '@preact/signals-core';
import { readMessage, type FrameMessage } from '../embed/messages.ts';
import type { Chat, EndedBy } from './state/types.ts';

/** What the bridge needs of the chat model. */
export type HostedChat = Pick<Chat, 'unreadCount' | 'setPanelOpen' | 'startNew'> & {
  ended: ReadonlySignal<EndedBy | null>;
};

export interface HostLink {
  /** Ask the host page to minimise the panel (the header's minimise button). */
  minimise(): void;
  /** Remove the listeners and effects; the host hears nothing more. */
  dispose(): void;
}

/** An open dialog handles its own Escape (it closes); only an Escape nothing else used minimises. */
const DIALOG = 'dialog[open],[role=dialog],[role=alertdialog]';

export function connectHost(chat: HostedChat, options: { hostOrigin: string; window?: Window }): HostLink {
  const win = options.window ?? window;
  const { hostOrigin } = options;
  const host = win.parent;
  let live = true;
  /** The customer ended the chat: the next `open` begins a new conversation (DESIGN §4, client_left). */
  let renew = chat.ended.peek() === 'customer';

  const tell = (message: FrameMessage) => {
    if (live) host.postMessage(message, hostOrigin);
  };

  const focusComposer = () => {
    if (!live) return;
    const doc = win.document;
    const composer = doc.querySelector<HTMLTextAreaElement>('textarea:not([disabled])');
    composer?.focus();
  };

  const onMessage = (event: MessageEvent) => {
    if (event.source !== host || event.origin !== hostOrigin) return;
    const message = readMessage(event.data);
    switch (message?.kind) {
      case 'open':
        if (renew) {
          renew = false;
          chat.startNew();
        }
        chat.setPanelOpen(true);
        // After the render that startNew or the panel state queued (Preact renders in a microtask queued
        // before this one), so the composer is there and enabled.
        queueMicrotask(focusComposer);
        break;
      case 'close':
        chat.setPanelOpen(false);
        break;
      // The other kinds only travel iframe -> host; anything else is not a bridge message.
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented && !win.document.querySelector(DIALOG)) {
      tell({ sermo: 1, kind: 'minimise' });
    }
  };

  win.addEventListener('message', onMessage);
  win.addEventListener('keydown', onKeyDown);
  tell({ sermo: 1, kind: 'ready' });

  const stopUnread = effect(() => {
    tell({ sermo: 1, kind: 'unread', count: chat.unreadCount.value });
  });

  let endedBefore = chat.ended.peek();
  const stopEnded = effect(() => {
    const ended = chat.ended.value;
    // Only a change is news: a reload of an ended conversation was already reported.
    if (ended && !endedBefore) {
      tell({ sermo: 1, kind: 'ended' });
      if (ended === 'customer') {
        renew = true;
        tell({ sermo: 1, kind: 'minimise' });
      }
    }
    if (!ended) renew = false;
    endedBefore = ended;
  });

  return {
    minimise: () => tell({ sermo: 1, kind: 'minimise' }),
    dispose() {
      live = false;
      win.removeEventListener('message', onMessage);
      win.removeEventListener('keydown', onKeyDown);
      stopUnread();
      stopEnded();
    },
  };
}
