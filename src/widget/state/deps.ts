/**
 * What createChat needs from the outside world. Everything but the config and the URLs has a default (the
 * browser's globals, filled in by createChat), and tests inject fakes: a FakeSocket, a memory Storage, a fake
 * window, fixed ids and clocks.
 */
import type { WidgetConfig } from '../../config/config.ts';
import type { SocketConstructor } from '../connection/connection.ts';

/** The part of `window` the chat listens to; the real `window` fits, and so does a test double. */
export interface PageWindow {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  readonly document: {
    readonly visibilityState: string;
    addEventListener(type: string, listener: () => void): void;
    removeEventListener(type: string, listener: () => void): void;
  };
  readonly sessionStorage?: Storage;
}

export interface ChatDeps {
  config: WidgetConfig;
  /** Sent in `start.params` (DESIGN §3). */
  startParams: Record<string, string>;
  /** URL of the widget folder (ending in `/`), for `avatars/<id>.svg`. */
  widgetBase: string;
  /** Defaults to `window.sessionStorage` (in memory where that is blocked). */
  storage?: Storage;
  WebSocketImpl?: SocketConstructor;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  randomUUID?: () => string;
  window?: PageWindow;
}
