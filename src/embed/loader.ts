/**
 * The loader on the host page: the launcher button, the widget iframe, `window.SermoChat`, and the host
 * side of the postMessage bridge (DESIGN §3).
 *
 * State is three locals: `open` (panel shown), `running` (a conversation lives in the iframe: set when the
 * iframe is made or the panel opened, cleared when the iframe says `ended`) and `unread`. The first two
 * are kept in the host page's sessionStorage, so a reload or a navigation within the site brings back both
 * the conversation (the iframe is made at once) and the open/minimised panel.
 *
 * Closures and locals, not classes: minifiers rename locals but not properties (DESIGN §8: <= 2 KB).
 */
import type { WidgetConfig } from './config.ts';
import { createEmitter, type SermoEventName, type SermoEvents } from './emitter.ts';
import { frameUrl } from './frame-url.ts';
import { readMessage, type HostMessage } from './messages.ts';
import { panelCss } from './style.ts';

/** `window.SermoChat` once the loader has run. */
export interface SermoChatApi {
  open(): void;
  /** Minimise: the iframe is hidden, the conversation goes on. */
  close(): void;
  toggle(): void;
  on<K extends SermoEventName>(name: K, fn: (...args: SermoEvents[K]) => void): void;
  off<K extends SermoEventName>(name: K, fn: (...args: SermoEvents[K]) => void): void;
  /** Remove the launcher, the iframe, every listener and the stored state. */
  destroy(): void;
  /** Run commands queued the `SermoChat.push(['open'])` way, so a page may keep pushing after load. */
  push(...commands: unknown[]): void;
}

declare global {
  interface Window {
    SermoChat?: unknown;
    SermoChatConfig?: unknown;
  }
}

/** The host page's sessionStorage key: bit 1 = a conversation is running, bit 2 = the panel is open. */
export const STATE_KEY = 'sermo-chat';

/** Launcher and iframe names, DESIGN §5: open, minimise, unread, iframe title. */
const TEXT = {
  en: ['Open chat', 'Minimise chat', 'unread', 'Chat'],
  sv: ['Öppna chatten', 'Minimera chatten', 'olästa', 'Chatt'],
} as const;

export interface LoaderOptions {
  config: WidgetConfig;
  /** The given (validated) raw values: they become the iframe's query parameters. */
  raw: Record<string, string>;
  /** `sermo.js`'s own URL: `widget.html` is resolved beside it. */
  scriptSrc: string;
}

/** Show the launcher, install `window.SermoChat` and replay queued calls; returns the API. */
export function startLoader({ config, raw, scriptSrc }: LoaderOptions): SermoChatApi {
  const [openText, minimiseText, unreadText, titleText] = TEXT[config.locale];
  const widgetOrigin = new URL(scriptSrc).origin;
  const events = createEmitter();

  /** Stored state bits; a fresh visit (or blocked storage) is NaN, which `& 1` and `> 1` read as false. */
  const stored = Number(store() ?? NaN);
  let running = (stored & 1) > 0;
  let open = false;
  let unread = 0;
  /** The app inside the iframe listens: messages posted before this would be lost. */
  let ready = false;
  let live = true;
  let frame: HTMLIFrameElement | undefined;

  const host = document.createElement('sermo-chat');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(panelCss(config.position));
  root.adoptedStyleSheets = [sheet];
  if (config.accent) host.style.setProperty('--sermo-accent', config.accent);

  const button = document.createElement('button');
  const badge = document.createElement('span');
  button.append(badge);
  button.onclick = () => show(!open, true);

  const label = () => {
    button.setAttribute('aria-label', `${open ? minimiseText : openText}${unread ? ` (${unread} ${unreadText})` : ''}`);
    button.className = open ? 'o' : '';
    badge.textContent = unread ? (unread > 99 ? '99+' : `${unread}`) : '';
  };

  const save = () => store(`${+running + 2 * +open}`);

  const post = () => {
    if (ready) frame?.contentWindow?.postMessage({ sermo: 1, kind: open ? 'open' : 'close' } satisfies HostMessage, widgetOrigin);
  };

  const make = () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = titleText;
      frame.className = 'c';
      // Built now, not at boot, so the host page's current query parameters are the ones forwarded.
      frame.src = frameUrl(scriptSrc, raw, config.startParams, location);
      root.append(frame);
    }
    running = true;
    save();
  };

  /** Open or minimise; `focus` moves focus into the panel (a person or the host asked, not a restore). */
  const show = (wanted: boolean, focus?: boolean) => {
    if (!live) return;
    if (wanted) make();
    if (wanted !== open) {
      open = wanted;
      frame?.classList.toggle('c', !open);
      // Focus must not stay in a hidden iframe: it goes back to the launcher.
      if (root.activeElement === frame) button.focus();
      label();
      post();
      save();
      events.emit(open ? 'open' : 'close');
    }
    if (open && focus) frame?.focus();
  };

  const onMessage = (event: MessageEvent) => {
    // Only our iframe's window, at the widget's origin: other frames and the host page itself are ignored.
    if (!frame || event.source !== frame.contentWindow || event.origin !== widgetOrigin) return;
    const message = readMessage(event.data);
    switch (message?.kind) {
      case 'ready':
        ready = true;
        post();
        break;
      case 'unread':
        if (message.count !== unread) {
          unread = message.count;
          label();
          events.emit('unread', unread);
        }
        break;
      case 'ended':
        running = false;
        save();
        events.emit('ended');
        break;
      case 'minimise':
        show(false);
      // 'open' and 'close' only travel host -> iframe; anything else was not a bridge message.
    }
  };

  const api: SermoChatApi = {
    open: () => show(true, true),
    close: () => show(false),
    toggle: () => show(!open, true),
    on: events.on,
    off: events.off,
    destroy() {
      live = false;
      removeEventListener('message', onMessage);
      host.remove();
      store('');
      delete window.SermoChat;
    },
    push: (...commands) => {
      for (const command of commands) {
        // `[name, ...args]`, where name is one of this object's own methods (a closed set).
        const [name, ...args]: unknown[] = Array.isArray(command) ? command : [];
        if (Object.hasOwn(api, `${name}`)) Reflect.get(api, `${name}`)(...args);
      }
    },
  };

  label();
  root.append(button);
  // Not `body`: an async script may run before the parser has made it.
  document.documentElement.append(host);
  addEventListener('message', onMessage);
  if (running) make();
  // The stored state, else the config; then queued commands, which are newer than both.
  if (Number.isNaN(stored) ? config.open : stored > 1) show(true);
  const queued = window.SermoChat;
  window.SermoChat = api;
  if (Array.isArray(queued)) api.push(...queued);
  return api;
}

/**
 * Read (no argument), write, or with `''` remove the stored state. Storage blocked by the browser's
 * privacy settings throws: the widget then works, only without restore.
 */
function store(value?: string): string | null | void {
  try {
    if (value === undefined) return sessionStorage.getItem(STATE_KEY);
    if (value) sessionStorage.setItem(STATE_KEY, value);
    else sessionStorage.removeItem(STATE_KEY);
  } catch {
    return null;
  }
}
