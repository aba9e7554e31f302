// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkConfig } from './config.ts';
import { startLoader, STATE_KEY, type SermoChatApi } from './loader.ts';

const SRC = 'http://127.0.0.1:4000/sermo.js';
const WIDGET = 'http://127.0.0.1:4000';

let api: SermoChatApi | undefined;
/** Start the loader as sermo.js does, with checked values; the API is what it installs as `window.SermoChat`. */
const start = (raw: Record<string, string> = {}) => {
  const given = { broker: 'ws://127.0.0.1:9/ws', ...raw };
  expect(checkConfig(given, () => true)).toBeUndefined();
  startLoader(given, SRC);
  api = window.SermoChat as SermoChatApi;
  return api;
};
const shadow = () => document.querySelector('sermo-chat')!.shadowRoot!;
const launcher = () => shadow().querySelector('button')!;
const frame = () => shadow().querySelector('iframe');
/** The widget frame's window, stood in for: happy-dom does not load the page here. */
const frameWindow = () => {
  const iframe = frame()!;
  if (!iframe.contentWindow) Object.defineProperty(iframe, 'contentWindow', { value: { postMessage: vi.fn() } });
  return iframe.contentWindow!;
};
/** A message as if from the widget frame (or `source`), at `origin`. */
const fromFrame = (data: unknown, source: unknown = frameWindow(), origin = WIDGET) =>
  dispatchEvent(new MessageEvent('message', { data, origin, source: source as Window }));

beforeEach(() => {
  // happy-dom has no reportError (browsers do): the emitter's error path is tested in emitter.test.ts.
  vi.stubGlobal('reportError', vi.fn());
  // The widget page is not served here: keep happy-dom from fetching it.
  (window as unknown as { happyDOM: { settings: { disableIframePageLoading: boolean } } }).happyDOM.settings.disableIframePageLoading = true;
  sessionStorage.clear();
  delete window.SermoChat;
});
afterEach(() => {
  api?.destroy();
  api = undefined;
});

describe('startLoader', () => {
  it('shows a launcher with its accessible name, and no iframe until the first open', () => {
    start();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
    expect(frame()).toBeNull();
    launcher().click();
    expect(frame()!.title).toBe('Chat');
    expect(launcher().getAttribute('aria-label')).toBe('Minimise chat');
    expect(sessionStorage.getItem(STATE_KEY)).toBe('3');
    launcher().click();
    // The stylesheet hides the iframe beside a launcher without `o` (e2e checks what a browser shows).
    expect(launcher().className).toBe('');
    expect(frame()).not.toBeNull();
    expect(sessionStorage.getItem(STATE_KEY)).toBe('1');
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

  it('restores a running conversation, minimised, with its iframe made at once', () => {
    sessionStorage.setItem(STATE_KEY, '1');
    start({ open: 'true' });
    expect(frame()).not.toBeNull();
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
  });

  it('forgets the conversation when it ended, and opens at once for open: true on a fresh visit', () => {
    start({ open: 'true' });
    const ended = vi.fn();
    api!.on('ended', ended);
    expect(launcher().getAttribute('aria-label')).toBe('Minimise chat');
    fromFrame({ sermo: 1, kind: 'ended' });
    expect(ended).toHaveBeenCalledOnce();
    expect(sessionStorage.getItem(STATE_KEY)).toBe('2');
  });

  it('replays queued commands and keeps taking pushed ones', () => {
    const opened = vi.fn();
    window.SermoChat = [['on', 'open', opened], ['open'], ['nonsense'], 'junk', ['hasOwnProperty', 'x']];
    start();
    expect(opened).toHaveBeenCalledOnce();
    expect(window.SermoChat).toBe(api);
    api!.push(['close']);
    expect(launcher().getAttribute('aria-label')).toBe('Open chat');
  });

  it('destroy removes the elements, the listener, the stored state and the global', () => {
    start();
    api!.open();
    const opened = vi.fn();
    api!.on('unread', opened);
    const source = frameWindow();
    api!.destroy();
    expect(document.querySelector('sermo-chat')).toBeNull();
    expect(window.SermoChat).toBeUndefined();
    expect(sessionStorage.getItem(STATE_KEY)).toBeNull();
    fromFrame({ sermo: 1, kind: 'unread', count: 1 }, source);
    api!.open();
    expect(opened).not.toHaveBeenCalled();
  });
});
