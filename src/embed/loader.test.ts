// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkConfig } from '../config/config.ts';
import { startLoader, type SermoChat } from './loader.ts';
import { CONVERSATION_KEY, PANEL_KEY } from './memory.ts';

const WIDGET = 'http://127.0.0.1:4000';
const WIDGET_URL = `${WIDGET}/widget.html`;
const MINUTE = 60_000;

let api: SermoChat | undefined;
/** Start the loader as sermo.js and mount() do, with checked values. */
const start = (raw: Record<string, string> = {}) => {
  const given = { broker: 'ws://127.0.0.1:9/ws', ...raw };
  expect(checkConfig(given, () => true)).toBeUndefined();
  api = startLoader(given, WIDGET_URL);
  return api;
};
const shadow = () => document.querySelector('sermo-chat')!.shadowRoot!;
const launcher = () => shadow().querySelector('button')!;
const frame = () => shadow().querySelector('iframe');
/** The panel shows while the host element is `open` (the stylesheet says so; e2e checks what a browser shows). */
const panelShown = () => document.querySelector('sermo-chat')!.hasAttribute('open');
/** The widget frame's window, stood in for: happy-dom does not load the page here. */
const frameWindow = () => {
  const iframe = frame()!;
  if (!iframe.contentWindow) Object.defineProperty(iframe, 'contentWindow', { value: { postMessage: vi.fn() } });
  return iframe.contentWindow!;
};
/** A message as if from the widget frame (or `source`), at `origin`. */
const fromFrame = (data: unknown, source: unknown = frameWindow(), origin = WIDGET) =>
  dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));
/** Hide or show the tab, as the browser does. */
const setHidden = (hidden: boolean) => {
  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
};

beforeEach(() => {
  // happy-dom has no reportError (browsers do): the emitter's error path is tested in emitter.test.ts.
  vi.stubGlobal('reportError', vi.fn());
  // The widget page is not served here: keep happy-dom from fetching it.
  (window as unknown as { happyDOM: { settings: { disableIframePageLoading: boolean } } }).happyDOM.settings.disableIframePageLoading = true;
  sessionStorage.clear();
  localStorage.clear();
  document.title = 'Shop';
});
afterEach(() => {
  api?.destroy();
  api = undefined;
  setHidden(false);
  vi.useRealTimers();
});

describe('startLoader', () => {
  it('shows a launcher with its accessible name, and no iframe until the first open', () => {
    start();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
    expect(frame()).toBeNull();
    launcher().click();
    expect(frame()!.title).toBe('Chat');
    expect(launcher().getAttribute('aria-label')).toBe('Minimise chat');
    expect(panelShown()).toBe(true);
    launcher().click();
    expect(panelShown()).toBe(false);
    expect(frame()).not.toBeNull();
  });

  it('names the unread count in Swedish from the frame, and only from the frame', () => {
    start({ locale: 'sv' });
    const unread = vi.fn();
    api!.on('unread', unread);
    api!.open();
    api!.close();
    frameWindow();
    fromFrame({ sermo: 1, kind: 'unread', count: 2 }, window);
    fromFrame({ sermo: 1, kind: 'unread', count: 2 }, null);
    fromFrame({ sermo: 1, kind: 'unread', count: 2 }, undefined, 'http://localhost:3000');
    expect(launcher().getAttribute('aria-label')).toBe('Öppna chatten');
    fromFrame({ sermo: 1, kind: 'unread', count: -1 });
    fromFrame({ sermo: 2, kind: 'unread', count: 3 });
    expect(shadow().querySelector('span')!.textContent).toBe('');
    fromFrame({ sermo: 1, kind: 'unread', count: 2 });
    expect(launcher().getAttribute('aria-label')).toBe('Öppna chatten (2 olästa)');
    expect(shadow().querySelector('span')!.textContent).toBe('2');
    expect(unread).toHaveBeenCalledExactlyOnceWith(2);
  });

  it('posts the panel state to the exact widget origin once the frame is ready', () => {
    start();
    api!.open();
    const post = vi.mocked(frameWindow().postMessage);
    fromFrame({ sermo: 1, kind: 'ready' });
    expect(post).toHaveBeenCalledWith({ sermo: 1, kind: 'open' }, WIDGET);
    fromFrame({ sermo: 1, kind: 'minimise' });
    expect(post).toHaveBeenLastCalledWith({ sermo: 1, kind: 'close' }, WIDGET);
  });

  it('puts the given config on widget.html, with the host origin', () => {
    start({ locale: 'sv', notify: 'title,sound', resumeMinutes: '5', preChat: 'name,email*', csat: 'false' });
    api!.open();
    const url = new URL(frame()!.src);
    expect(url.origin + url.pathname).toBe(WIDGET_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      broker: 'ws://127.0.0.1:9/ws',
      locale: 'sv',
      notify: 'title,sound',
      resumeMinutes: '5',
      preChat: 'name,email*',
      csat: 'false',
    });
    expect(url.hash).toBe(`#host=${encodeURIComponent(location.origin)}`);
  });

  it('forgets the conversation when it ended, and opens at once for open: true on a fresh visit', () => {
    start({ open: 'true' });
    const ended = vi.fn();
    api!.on('ended', ended);
    expect(launcher().getAttribute('aria-label')).toBe('Minimise chat');
    expect(localStorage.getItem(CONVERSATION_KEY)).not.toBeNull();
    fromFrame({ sermo: 1, kind: 'ended' });
    expect(ended).toHaveBeenCalledOnce();
    expect(localStorage.getItem(CONVERSATION_KEY)).toBeNull();
    expect(sessionStorage.getItem(PANEL_KEY)).toBe('1');
  });

  it('destroy removes the elements, the listeners and the handlers; what storage remembers stays', () => {
    start();
    api!.open();
    const opened = vi.fn();
    api!.on('unread', opened);
    api!.on('open', opened);
    const source = frameWindow();
    api!.destroy();
    expect(document.querySelector('sermo-chat')).toBeNull();
    fromFrame({ sermo: 1, kind: 'unread', count: 1 }, source);
    api!.open();
    expect(opened).not.toHaveBeenCalled();
    expect(document.querySelector('sermo-chat')).toBeNull();
    expect(sessionStorage.getItem(PANEL_KEY)).toBe('1');
    expect(Number(localStorage.getItem(CONVERSATION_KEY))).toBeGreaterThan(Date.now());
  });
});

// DESIGN §3: the conversation in localStorage (another tab shows it), in sessionStorage with resumeMinutes=0;
// the panel state in sessionStorage; nothing before the first open.
describe('what the loader remembers', () => {
  it('stores nothing before the first open, whatever the API is asked', () => {
    start();
    api!.close();
    api!.on('open', () => {});
    fromFrame({ sermo: 1, kind: 'active' }, window);
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('on the first open, counts the conversation as running for resumeMinutes and the panel as open in this tab', () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    start({ resumeMinutes: '5' });
    api!.open();
    expect(localStorage.getItem(CONVERSATION_KEY)).toBe(`${1_000_000 + 5 * MINUTE}`);
    expect(sessionStorage.getItem(PANEL_KEY)).toBe('1');
    expect(sessionStorage.getItem(CONVERSATION_KEY)).toBeNull();
    api!.close();
    expect(sessionStorage.getItem(PANEL_KEY)).toBe('0');
  });

  it('keeps the conversation in this tab only with resumeMinutes=0, with no end time', () => {
    start({ resumeMinutes: '0' });
    api!.open();
    expect(localStorage.length).toBe(0);
    expect(Number(sessionStorage.getItem(CONVERSATION_KEY))).toBe(Infinity);
  });

  it('pushes the end time ahead on activity and on a new agent message, not on a mere reload', () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    start();
    api!.open();
    const stored = () => Number(localStorage.getItem(CONVERSATION_KEY));
    expect(stored()).toBe(1_000_000 + 30 * MINUTE);
    vi.setSystemTime(2_000_000);
    fromFrame({ sermo: 1, kind: 'ready' });
    fromFrame({ sermo: 1, kind: 'unread', count: 0 });
    expect(stored()).toBe(1_000_000 + 30 * MINUTE);
    fromFrame({ sermo: 1, kind: 'active' });
    expect(stored()).toBe(2_000_000 + 30 * MINUTE);
    vi.setSystemTime(3_000_000);
    fromFrame({ sermo: 1, kind: 'unread', count: 1 });
    expect(stored()).toBe(3_000_000 + 30 * MINUTE);
  });

  it('restores a running conversation, minimised, with its iframe made at once', () => {
    localStorage.setItem(CONVERSATION_KEY, `${Date.now() + MINUTE}`);
    sessionStorage.setItem(PANEL_KEY, '0');
    start({ open: 'true' });
    expect(frame()).not.toBeNull();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
  });

  it("shows another tab's running conversation: its iframe made at once, the panel as the config says", () => {
    localStorage.setItem(CONVERSATION_KEY, `${Date.now() + MINUTE}`);
    start();
    expect(frame()).not.toBeNull();
    expect(panelShown()).toBe(false);
  });

  it('restores the open panel of this tab, without taking the focus', () => {
    localStorage.setItem(CONVERSATION_KEY, `${Date.now() + MINUTE}`);
    sessionStorage.setItem(PANEL_KEY, '1');
    start();
    expect(panelShown()).toBe(true);
    expect(document.activeElement).toBe(document.body);
  });

  it('does not count a conversation idle past its end time as running', () => {
    localStorage.setItem(CONVERSATION_KEY, `${Date.now() - 1}`);
    start();
    expect(frame()).toBeNull();
  });

  // A bug before: any stored value above '1' opened the panel, another script's value under the key too.
  it.each(['x', 'true', '3', '{}', ''])('takes a foreign value %j under its keys as nothing stored', (value) => {
    localStorage.setItem(CONVERSATION_KEY, value);
    sessionStorage.setItem(CONVERSATION_KEY, value);
    sessionStorage.setItem(PANEL_KEY, value);
    start();
    expect(frame()).toBeNull();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
  });

  it('works on, without restoring, where storage is blocked', () => {
    const blocked = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    const local = vi.spyOn(window, 'localStorage', 'get').mockImplementation(blocked);
    const session = vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(blocked);
    start();
    api!.open();
    expect(panelShown()).toBe(true);
    api!.close();
    local.mockRestore();
    session.mockRestore();
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });
});

// DESIGN §3 notify `title` (default): `(N) <title>` while N agent messages are unread and the panel is
// minimised or the tab hidden; restored when they are read, or on destroy().
describe('unread messages in the page title', () => {
  const unread = (count: number) => fromFrame({ sermo: 1, kind: 'unread', count });

  it('counts while the panel is minimised, and restores the title once they are read', () => {
    start();
    api!.open();
    api!.close();
    unread(2);
    expect(document.title).toBe('(2) Shop');
    unread(3);
    expect(document.title).toBe('(3) Shop');
    unread(0);
    expect(document.title).toBe('Shop');
  });

  it('does not count while the panel is open in a visible tab, and counts while the tab is hidden', () => {
    start();
    api!.open();
    unread(1);
    expect(document.title).toBe('Shop');
    setHidden(true);
    expect(document.title).toBe('(1) Shop');
    unread(2);
    expect(document.title).toBe('(2) Shop');
    setHidden(false);
    expect(document.title).toBe('Shop');
  });

  it('restores the title when the panel opens, and counts again when it is minimised', () => {
    start();
    api!.open();
    api!.close();
    unread(1);
    api!.open();
    expect(document.title).toBe('Shop');
    api!.close();
    expect(document.title).toBe('(1) Shop');
  });

  it('restores the title on destroy', () => {
    start();
    api!.open();
    api!.close();
    unread(4);
    api!.destroy();
    expect(document.title).toBe('Shop');
    setHidden(true);
    expect(document.title).toBe('Shop');
  });

  it('leaves the title alone without notify title', () => {
    start({ notify: 'sound' });
    api!.open();
    api!.close();
    unread(2);
    expect(document.title).toBe('Shop');
  });
});
