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
/** happy-dom's settings: which files it loads. */
const settings = (window as unknown as { happyDOM: { settings: Record<'disableIframePageLoading' | 'disableJavaScriptFileLoading' | 'handleDisabledFileLoadingAsSuccess', boolean> } })
  .happyDOM.settings;

const scriptsIn = (records: MutationRecord[]): HTMLScriptElement[] =>
  records.flatMap((record) => [...record.addedNodes]).filter((node): node is HTMLScriptElement => node instanceof HTMLScriptElement);

/** The script elements added to the page while `run` runs, whether or not they are still there. */
async function addedScripts(run: () => Promise<void>): Promise<HTMLScriptElement[]> {
  const added: HTMLScriptElement[] = [];
  const observer = new MutationObserver((records) => added.push(...scriptsIn(records)));
  observer.observe(document.documentElement, { childList: true, subtree: true });
  await run();
  added.push(...scriptsIn(observer.takeRecords()));
  observer.disconnect();
  return added;
}

const launcher = () => document.querySelector('sermo-chat')?.shadowRoot?.querySelector('button');
const global = () => window.SermoChat as SermoChatGlobal;

beforeEach(() => {
  settings.disableIframePageLoading = true;
  // A refused config's script (sermo-errors.js) is not fetched: it fails at once, or loads in the test that says so.
  settings.disableJavaScriptFileLoading = true;
  settings.handleDisabledFileLoadingAsSuccess = false;
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

  it('a bad value: no launcher, the queue left alone, and the words of the error loaded from beside the script', async () => {
    settings.handleDisabledFileLoadingAsSuccess = true;
    window.SermoChat = [['open']];
    const [errors] = await addedScripts(() => runScript({ broker: 'ws://127.0.0.1:9/ws', notify: 'popup' }));
    expect(document.querySelector('sermo-chat')).toBeNull();
    expect(window.SermoChat).toEqual([['open']]);
    expect(errors!.src).toBe('http://127.0.0.1:4000/sermo/sermo-errors.js');
    expect({ ...errors!.dataset }).toEqual({ key: 'notify', value: 'popup' });
    // Loaded, it has printed the error (errors.test.ts): nothing is left on the page.
    expect(errors!.isConnected).toBe(false);
  });

  it('a bad value whose words cannot load: the error still names the key and the value', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const [errors] = await addedScripts(() => runScript({ broker: 'ws://127.0.0.1:9/ws', heartbeatMs: '10' }));
    expect(error).toHaveBeenCalledWith('Sermo chat: invalid config "heartbeatMs", got "10"');
    expect(errors!.isConnected).toBe(false);
  });

  it('a second copy of the script leaves the first alone', async () => {
    await runScript();
    const first = global();
    await runScript();
    expect(global()).toBe(first);
    expect(document.querySelectorAll('sermo-chat')).toHaveLength(1);
  });
});
