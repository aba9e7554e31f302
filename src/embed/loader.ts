/**
 * The loader on the host page: the launcher button, the widget iframe, `window.SermoChat`, and the host
 * side of the postMessage bridge (DESIGN §3).
 *
 * State is three locals: `open` (panel shown), `running` (a conversation lives in the iframe: set when the
 * iframe is made, cleared when the iframe says `ended`) and `unread`. The first two are kept in the host
 * page's sessionStorage, so a reload or a navigation within the site brings back both the conversation
 * (the iframe is made at once) and the open/minimised panel.
 *
 * Every byte here ships in `sermo.js` (DESIGN §8: <= 2 KB brotli): closures and locals, not classes
 * (minifiers rename locals but not properties), and no work the iframe does anyway.
 */
// Import order is bundle order: with the stylesheet text early, brotli packs sermo.js tighter (measured).
import { BRIDGE_VERSION, isCount, type HostMessage } from './messages.ts';
import { panelCss } from './style.ts';
import { localeOf } from './config.ts';
import { emit, type Handler, type Handlers, type SermoEventName, type SermoEvents } from './emitter.ts';
import { frameUrl } from './frame-url.ts';

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

/**
 * Launcher and iframe names, DESIGN §5: open, minimise, unread, iframe title. One string per locale, split
 * at `|` when used: fewer bytes than eight string literals.
 */
const TEXT = {
  en: 'Open chat|Minimise chat|unread|Chat',
  sv: 'Öppna chatten|Minimera chatten|olästa|Chatt',
};

/**
 * Show the launcher, install `window.SermoChat` and replay queued calls. `raw` is the checked config
 * (`checkConfig`): its given values become the iframe's query parameters, and only the few the launcher
 * itself needs are read here (the iframe converts the rest). `scriptSrc` is `sermo.js`'s own URL:
 * `widget.html` is resolved beside it.
 */
export function startLoader(raw: Record<string, string>, scriptSrc: string): void {
  const [openText, minimiseText, unreadText, titleText] = TEXT[localeOf(raw.locale, navigator.languages)].split('|');
  const widgetOrigin = new URL(scriptSrc).origin;
  let handlers: Handlers = [];

  /** The stored state, '0' to '3'; undefined on a fresh visit or when storage is blocked. */
  const stored = store();
  /**
   * 1 while a conversation lives in the iframe, else 0: a number, so it goes into the stored bits as is.
   * Nothing stored reads as 0 too (`+undefined & 1`, NaN & 1), hence the `!`.
   */
  let running = +stored! & 1;
  let open = false;
  let unread = 0;
  /** The iframe's window once the app in it listens (`ready`): messages posted before that would be lost. */
  let peer: Window | null | undefined;
  let live = true;
  let frame: HTMLIFrameElement | undefined;

  const host = document.createElement('sermo-chat');
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  // Checked to be 'left' or 'right': no other text can reach the stylesheet.
  sheet.replaceSync(panelCss(raw.position ?? 'right'));
  root.adoptedStyleSheets = [sheet];

  const button = document.createElement('button');
  const badge = document.createElement('span');
  // A CSSOM property write, which a strict CSP allows; checked to be a colour, so nothing else gets in.
  if (raw.accent) button.style.background = raw.accent;
  button.append(badge);

  const label = () => {
    button.setAttribute('aria-label', `${open ? minimiseText : openText}${unread ? ` (${unread} ${unreadText})` : ''}`);
    // The class also hides the iframe, through the stylesheet's `:not(.o)~iframe`.
    button.className = open ? 'o' : '';
    // The count as it is (an empty badge is hidden): three digits still fit, and the name has it too.
    badge.textContent = `${unread || ''}`;
  };

  const save = () => store(`${running + 2 * +open}`);

  const post = () => peer?.postMessage({ sermo: 1, kind: open ? 'open' : 'close' } satisfies HostMessage, widgetOrigin);

  const make = () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = titleText!;
      // Built now, not at boot, so the host page's current query parameters are the ones forwarded.
      frame.src = frameUrl(scriptSrc, raw);
      root.append(frame);
    }
    // Saved by the show() that follows, or already stored when restoring.
    running = 1;
  };

  /** Open or minimise; opening moves focus into the panel, unless `quiet` (a restore: nobody asked). */
  const show = (wanted: boolean, quiet?: boolean) => {
    if (!live) return;
    if (wanted) make();
    if (wanted !== open) {
      open = wanted;
      // Focus must not stay in a hidden iframe: it goes back to the launcher.
      if (root.activeElement === frame) button.focus();
      label();
      post();
      save();
      emit(handlers, open ? 'open' : 'close');
    }
    if (open && !quiet) frame?.focus();
  };

  const onMessage = (event: MessageEvent) => {
    // The message shape of messages.ts, narrowed field by field: the switch is the closed set of kinds the
    // host accepts (FrameMessage), and no message object is built.
    const { sermo, kind, count }: Record<string, unknown> = Object(event.data);
    // Only our iframe's window, at the widget's origin: other frames and the host page itself are ignored.
    // Before the iframe exists the source is compared with undefined, which no event's source is.
    if (event.source === frame?.contentWindow && event.origin === widgetOrigin && sermo === BRIDGE_VERSION) {
      switch (kind) {
        case 'ready':
          peer = frame.contentWindow;
          post();
          break;
        case 'unread':
          if (isCount(count) && count !== unread) {
            unread = count;
            label();
            emit(handlers, 'unread', unread);
          }
          break;
        case 'ended':
          running = 0;
          save();
          emit(handlers, 'ended');
          break;
        case 'minimise':
          show(false);
        // 'open' and 'close' only travel host -> iframe; anything else was not a bridge message.
      }
    }
  };

  // Also indexed by name, for push(): any own method may be called by its name.
  const api: SermoChatApi & Record<string, Function> = {
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!open),
    // Methods rather than arrows: `on(a,b){...}` is the fewest bytes once minified.
    on(name, fn) {
      handlers.push([name, fn as Handler]);
    },
    off(name, fn) {
      handlers = handlers.filter(([n, f]) => n !== name || f !== fn);
    },
    destroy() {
      live = false;
      removeEventListener('message', onMessage);
      host.remove();
      store('');
      delete window.SermoChat;
    },
    push(...commands) {
      // `[name, ...args]`, where name is one of this object's own methods (a closed set).
      for (const [name, ...args] of commands.filter(Array.isArray)) {
        if (Object.hasOwn(api, name)) api[name]!(...args);
      }
    },
  };

  button.onclick = api.toggle;
  label();
  root.append(button);
  // Not `body`: an async script may run before the parser has made it.
  document.documentElement.append(host);
  addEventListener('message', onMessage);
  if (running) make();
  // The stored state, else the config; then queued commands, which are newer than both.
  if (stored ? stored > '1' : raw.open === 'true') show(true, true);
  const queued = window.SermoChat;
  window.SermoChat = api;
  if (Array.isArray(queued)) api.push(...queued);
}

/**
 * Read (no argument), write, or with `''` remove the stored state. Storage blocked by the browser's
 * privacy settings throws: the widget then works, only without restore. A Storage's named properties are
 * its items (`storage[key]` reads, writes and deletes as getItem, setItem and removeItem do), in fewer bytes.
 */
function store(value?: string): string | undefined {
  try {
    return value == null
      ? sessionStorage[STATE_KEY]
      : value
        ? (sessionStorage[STATE_KEY] = value)
        : void delete sessionStorage[STATE_KEY];
  } catch {}
}
