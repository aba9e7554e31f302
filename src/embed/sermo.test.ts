// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SermoChatGlobal } from './sermo.ts';

/** Run sermo.js as the browser would for `<script src=... data-*>`: `document.currentScript` is its element. */
async function runScript(data: Record<string, string> = { broker: 'ws://127.0.0.1:9/ws' }) {
  const script = document.createElement('script');
  script.src = 'http://127.0.0.1:4000/sermo/sermo.js';
  Object.assign(script.dataset, data);
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  vi.resetModules();
  await import('./sermo.ts');
}
const launcher = () => document.querySelector('sermo-chat')?.shadowRoot?.querySelector('button');
const global = () => window.SermoChat as SermoChatGlobal;

beforeEach(() => {
  (window as unknown as { happyDOM: { settings: { disableIframePageLoading: boolean } } }).happyDOM.settings.disableIframePageLoading = true;
  vi.stubGlobal('reportError', vi.fn());
  vi.stubGlobal('CSS', { supports: () => true });
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  if (window.SermoChat && !Array.isArray(window.SermoChat)) global().destroy();
  delete window.SermoChat;
  delete window.SermoChatConfig;
});

describe('sermo.js', () => {
  it('replays queued commands and keeps taking pushed ones', async () => {
    const opened = vi.fn();
    window.SermoChat = [['on', 'open', opened], ['open'], ['nonsense'], 'junk', ['hasOwnProperty', 'x']];
    await runScript();
    expect(opened).toHaveBeenCalledOnce();
    expect(launcher()!.getAttribute('aria-label')).toBe('Minimise chat');
    global().push(['close']);
    expect(launcher()!.getAttribute('aria-label')).toBe('Open chat');
  });

  it('puts widget.html beside the script', async () => {
    await runScript();
    global().open();
    const frame = document.querySelector('sermo-chat')!.shadowRoot!.querySelector('iframe')!;
    expect(new URL(frame.src).pathname).toBe('/sermo/widget.html');
  });

  it('destroy removes the launcher and the global', async () => {
    await runScript();
    global().destroy();
    expect(document.querySelector('sermo-chat')).toBeNull();
    expect('SermoChat' in window).toBe(false);
  });

  it('a bad value: one console error naming the key, no launcher, the queue left alone', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    window.SermoChat = [['open']];
    await runScript({ broker: 'ws://127.0.0.1:9/ws', notify: 'popup' });
    expect(error).toHaveBeenCalledExactlyOnceWith('Sermo chat: invalid config "notify": expected a comma list of title, sound, got "popup"');
    expect(document.querySelector('sermo-chat')).toBeNull();
    expect(window.SermoChat).toEqual([['open']]);
  });

  it('a second copy of the script leaves the first alone', async () => {
    await runScript();
    const first = global();
    await runScript();
    expect(global()).toBe(first);
    expect(document.querySelectorAll('sermo-chat')).toHaveLength(1);
  });
});
