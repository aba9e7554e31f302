/**
 * The loader on the host page: the launcher button, the widget iframe, the host API handle, and the host
 * side of the postMessage bridge (DESIGN §3). One loader for two entries: `sermo.ts` (the classic script,
 * `window.SermoChat`) and `mount.ts` (the ES module's `mount()`, DESIGN §3.4).
 *
 * State is three locals: `open` (panel shown), `running` (a conversation lives in the iframe) and `unread`.
 * The first two are remembered in the host page's storage (`memory.ts`), so a reload or a navigation within
 * the site brings back both the conversation (the iframe is made at once) and the open or minimised panel.
 *
 * Every byte here ships twice, in `sermo.js` and `sermo.mjs` (DESIGN §8: <= 2.25 KB brotli each): closures
 * and locals rather than classes (minifiers rename locals but not properties), and no work the iframe does.
 */
import { emit, type Handler, type Handlers, type SermoEventName, type SermoEvents } from './emitter.ts';
import { frameUrl } from './frame-url.ts';
import { hostStorage } from './host-storage.ts';
import { CONVERSATION_KEY, PANEL_KEY, read, remove, storageOf, write } from './memory.ts';
import { readFrameMessage, type HostMessage } from './messages.ts';
import { panelCss } from './style.ts';
import { titleCounter } from './title.ts';
import { localeOf, notifiesByTitle, resumeMinutesOf } from '../config/config.ts';

/** The host API (DESIGN §3): `window.SermoChat` of the script tag, and the handle `mount()` returns. */
export interface SermoChat {
  /** Open the panel; the first open makes the iframe. */
  open(): void;
  /** Minimise: the iframe is hidden, the conversation goes on. */
  close(): void;
  toggle(): void;
  on<K extends SermoEventName>(name: K, fn: (...args: SermoEvents[K]) => void): void;
  off<K extends SermoEventName>(name: K, fn: (...args: SermoEvents[K]) => void): void;
  /**
   * Remove the launcher, the iframe and every listener, and give the page its title back. What the host
   * page's storage remembers stays, so a later mount (or page) continues the conversation.
   */
  destroy(): void;
}

/** Launcher and iframe names, DESIGN §5. */
const TEXTS = {
  en: { open: 'Open chat', minimise: 'Minimise chat', unread: 'unread', frame: 'Chat' },
  sv: { open: 'Öppna chatten', minimise: 'Minimera chatten', unread: 'olästa', frame: 'Chatt' },
};

/**
 * Show the launcher and return the host API. `raw` is the checked config (`checkConfig`): its given values
 * become the iframe's query parameters, and only the few the launcher itself needs are read here (the
 * iframe converts the rest). `widgetUrl` is where `widget.html` is.
 */
export function startLoader(raw: Record<string, string>, widgetUrl: string): SermoChat {
  const text = TEXTS[localeOf(raw.locale, navigator.languages)];
  const widgetOrigin = new URL(widgetUrl).origin;
  const resumeMinutes = resumeMinutesOf(raw.resumeMinutes);
  const conversation = storageOf(resumeMinutes ? 'localStorage' : 'sessionStorage');
  const tab = storageOf('sessionStorage');
  const countInTitle = notifiesByTitle(raw.notify) ? titleCounter(document) : undefined;
  let handlers: Handlers = [];

  // Not later than now: ended, idle too long, or nothing (a missing or foreign value is NaN).
  let running = Number(read(conversation, CONVERSATION_KEY)) > Date.now();
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
  sheet.replaceSync(panelCss(raw.position === 'left' ? 'left' : 'right'));
  root.adoptedStyleSheets = [sheet];

  const button = document.createElement('button');
  const badge = document.createElement('span');
  // A CSSOM property write, which a strict CSP allows; checked to be a colour, so nothing else gets in.
  if (raw.accent) button.style.background = raw.accent;
  button.append(badge);

  /** DESIGN §3 notify: unread messages count in the page's title while the customer cannot see them. */
  const updateTitle = () => countInTitle?.(open && !document.hidden ? 0 : unread);

  const render = () => {
    button.setAttribute('aria-label', `${open ? text.minimise : text.open}${unread ? ` (${unread} ${text.unread})` : ''}`);
    // The stylesheet shows the panel, and the launcher's minimise icon, while the host element is `open`.
    host.toggleAttribute('open', open);
    // The count as it is (an empty badge is hidden): three digits still fit, and the name has it too.
    badge.textContent = unread ? `${unread}` : '';
    updateTitle();
  };

  /** The conversation began or had activity: it counts as running for `resumeMinutes` from now. */
  const active = () => write(conversation, CONVERSATION_KEY, `${resumeMinutes ? Date.now() + resumeMinutes * 60_000 : Infinity}`);

  const post = () => peer?.postMessage({ sermo: 1, kind: open ? 'open' : 'close' } satisfies HostMessage, widgetOrigin);

  const makeFrame = () => {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = text.frame;
      // Built now, not at boot, so the host page's current query parameters are the ones forwarded.
      frame.src = frameUrl(widgetUrl, raw);
      root.append(frame);
    }
    if (!running) {
      running = true;
      active();
    }
  };

  /** Open or minimise; opening moves focus into the panel, unless `quiet` (a restore: nobody asked). */
  const show = (wanted: boolean, quiet?: boolean) => {
    if (!live) return;
    if (wanted) makeFrame();
    if (wanted !== open) {
      open = wanted;
      // Focus must not stay in a hidden iframe: it goes back to the launcher.
      if (root.activeElement === frame) button.focus();
      render();
      post();
      write(tab, PANEL_KEY, open ? '1' : '0');
      emit(handlers, open ? 'open' : 'close');
    }
    if (open && !quiet) frame?.focus();
  };

  const onMessage = (event: MessageEvent) => {
    // Only our iframe's window, at the widget's origin: other frames and the host page itself are ignored.
    // Before the iframe exists the source is compared with undefined, which no event's source is.
    if (event.source !== frame?.contentWindow || event.origin !== widgetOrigin) return;
    const message = readFrameMessage(event.data);
    // The kinds the iframe sends (FrameMessage); 'open' and 'close' only travel host -> iframe.
    switch (message?.kind) {
      case 'ready':
        peer = frame.contentWindow;
        post();
        break;
      case 'unread':
        if (message.count > unread) active();
        if (message.count !== unread) {
          unread = message.count;
          render();
          emit(handlers, 'unread', unread);
        }
        break;
      case 'active':
        active();
        break;
      case 'ended':
        running = false;
        remove(conversation, CONVERSATION_KEY);
        emit(handlers, 'ended');
        break;
      case 'minimise':
        show(false);
        break;
      case 'store':
        handleStore(message.key, message.value);
    }
  };

  // Host storage, and another tab's conversation starting: this tab shows it too (DESIGN §4.5).
  const [handleStore, stopStore] = hostStorage(
    conversation,
    (message) => frame?.contentWindow?.postMessage(message, widgetOrigin),
    () => (running ||= Number(read(conversation, CONVERSATION_KEY)) > Date.now()) && makeFrame(),
  );
  button.onclick = () => show(!open);
  render();
  root.append(button);
  // Not `body`: an async script may run before the parser has made it.
  document.documentElement.append(host);
  addEventListener('message', onMessage);
  document.addEventListener('visibilitychange', updateTitle);
  if (running) makeFrame();
  // The panel as it was in this tab ('1' open, '0' minimised; anything else is foreign), else the config.
  const panel = read(tab, PANEL_KEY);
  if (panel ? panel === '1' : raw.open === 'true') show(true, true);

  return {
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!open),
    on(name, fn) {
      handlers.push([name, fn as Handler]);
    },
    off(name, fn) {
      handlers = handlers.filter(([n, f]) => n !== name || f !== fn);
    },
    destroy() {
      if (!live) return;
      live = false;
      removeEventListener('message', onMessage);
      stopStore();
      document.removeEventListener('visibilitychange', updateTitle);
      host.remove();
      countInTitle?.(0);
      handlers = [];
    },
  };
}
