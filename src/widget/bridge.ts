/**
 * The iframe side of the loader bridge (DESIGN §3; the host side is `src/embed/loader.ts`).
 *
 * Tells the host page `ready`, the unread count and `ended`, and asks it to minimise (Escape, the panel's
 * minimise button, the customer ending the chat). Obeys only `open` and `close`, and only from the parent
 * window at the origin the loader named in `#host=`: nothing a host page posts can make the widget send
 * the broker anything but what opening or closing the panel implies.
 */
import { effect, type ReadonlySignal } from '@preact/signals-core';
import { BRIDGE_VERSION, type FrameMessage } from '../embed/messages.ts';
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

  /** Post a FrameMessage; `count` goes with `unread` only. */
  const tell = (kind: FrameMessage['kind'], count?: number) => {
    if (live) host.postMessage({ sermo: 1, kind, count }, hostOrigin);
  };

  const focusComposer = () => {
    if (!live) return;
    const doc = win.document;
    const composer = doc.querySelector<HTMLTextAreaElement>('textarea:not([disabled])');
    composer?.focus();
  };

  const onMessage = (event: MessageEvent) => {
    // `Object()` leaves objects as they are and boxes primitives, whose fields are then all undefined.
    const { sermo, kind }: Record<string, unknown> = Object(event.data);
    if (event.source !== host || event.origin !== hostOrigin || sermo !== BRIDGE_VERSION) return;
    // Only the host's two kinds (embed/messages.ts HostMessage); the others travel iframe -> host only.
    switch (kind) {
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
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented && !win.document.querySelector(DIALOG)) {
      tell('minimise');
    }
  };

  win.addEventListener('message', onMessage);
  win.addEventListener('keydown', onKeyDown);
  tell('ready');

  const stopUnread = effect(() => {
    tell('unread', chat.unreadCount.value);
  });

  let endedBefore = chat.ended.peek();
  const stopEnded = effect(() => {
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
    dispose() {
      live = false;
      win.removeEventListener('message', onMessage);
      win.removeEventListener('keydown', onKeyDown);
      stopUnread();
      stopEnded();
    },
  };
}
