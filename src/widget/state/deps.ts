/**
 * What createChat needs from the outside world. The transport of each conversation comes from `connect`
 * (main.tsx binds `createTransport` to the broker; state tests pass a fake transport, so nothing in this
 * folder ever holds a socket). The rest has a default (the browser's globals, filled in by createChat), and
 * tests inject fakes: a memory Storage, a fake window, fixed ids (the clock is vitest's fake timers).
 */
import type { WidgetConfig } from '../../config/config.ts';
import type { Format1 } from '../../protocol/index.ts';
import type { Connect } from '../connection/transport.ts';
import type { PageWindow } from '../platform/listen.ts';
import type { Changes } from '../platform/storage.ts';
import type { StateTexts } from './texts.ts';

export type { PageWindow };

export interface ChatDeps {
  config: WidgetConfig;
  /**
   * The chat's own sentences in the customer's language (texts.ts): the Swedish ones come with the panel's
   * Swedish words, in their chunk (ui/i18n.ts).
   */
  texts: StateTexts;
  /** Sent in `start.params` (DESIGN §3). */
  startParams: Record<string, string>;
  /** URL of the widget folder (ending in `/`), for `avatars/<id>.svg`. */
  widgetBase: string;
  /** Makes the transport of a conversation. */
  connect: Connect;
  /**
   * DESIGN §3 `protocol=1`: wire format 1, loaded before the chat (main.tsx), in which the `start` is measured
   * and the log's lines in format 1 (stored before logs held events as read: log.ts) are read.
   */
  format1?: Format1 | undefined;
  /** Where the conversation is kept; defaults to `window.sessionStorage` (in memory where that is blocked). */
  storage?: Storage;
  /** The keys other tabs change in `storage` (DESIGN §4.5); absent: the conversation is this tab's alone. */
  changes?: Changes;
  fetch?: typeof fetch;
  randomUUID?: () => string;
  window?: PageWindow;
}
