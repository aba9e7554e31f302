/**
 * `sermo.js`, the classic script a host page adds (DESIGN §3). No framework and no dependencies: it reads
 * its config from its own script element (or `window.SermoChatConfig`), validates it, starts the loader and
 * installs its API as `window.SermoChat`, replaying the calls queued there before. A bad value is one clear
 * console error and no widget (DESIGN §7); the error's words come from `sermo-errors.js` (`errors.ts`).
 */
import { bareConfigError, findBadKey } from '../config/rules.ts';
import { runCommand } from './commands.ts';
import { startLoader, type SermoChat } from './loader.ts';
import { readRawConfig } from './read-config.ts';

/** `window.SermoChat` once the loader has run. */
export interface SermoChatGlobal extends SermoChat {
  /** Run commands queued the `SermoChat.push(['open'])` way, so a page may keep pushing after load. */
  push(...commands: unknown[]): void;
}

declare global {
  interface Window {
    SermoChat?: unknown;
    SermoChatConfig?: unknown;
  }
}

/**
 * Print the error for a bad `key`: its words (the expected form of each key) are in `sermo-errors.js` beside
 * this script, loaded only now. Should that file not load, the error still names the key and the value.
 */
function reportBadKey(key: string, value: string | undefined, src: string): void {
  const errors = document.createElement('script');
  errors.src = new URL('sermo-errors.js', src).href;
  Object.assign(errors.dataset, { key, value: value ?? '' });
  // Once it has run, or failed to load, it leaves nothing on the page.
  errors.onload = () => errors.remove();
  errors.onerror = () => {
    errors.remove();
    console.error(bareConfigError(key, value));
  };
  // Not `head`: an async script may run before the parser has made it.
  document.documentElement.append(errors);
}

// Set while a classic script runs, async or not.
const script = document.currentScript;

// `'src' in` tells an HTML script from an SVG one. A second copy of the script on the same page leaves the
// first one alone.
if (script && 'src' in script && (!window.SermoChat || Array.isArray(window.SermoChat))) {
  const raw = readRawConfig(script.dataset, window.SermoChatConfig);
  const bad = findBadKey(raw, (value) => CSS.supports('color', value));
  if (bad) reportBadKey(bad, raw[bad], script.src);
  else {
    // DESIGN §3: widget.html beside sermo.js.
    const chat = startLoader(raw, new URL('widget.html', script.src).href);
    const api: SermoChatGlobal = {
      ...chat,
      push: (...commands) => commands.forEach((command) => runCommand(api, command)),
      destroy() {
        chat.destroy();
        delete window.SermoChat;
      },
    };
    const queued = window.SermoChat;
    window.SermoChat = api;
    if (Array.isArray(queued)) api.push(...queued);
  }
}
