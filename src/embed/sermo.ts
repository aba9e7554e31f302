/**
 * `sermo.js`, the classic script a host page adds (DESIGN §3). No framework and no dependencies: it reads
 * its config from its own script element (or `window.SermoChatConfig`), validates it, starts the loader and
 * installs its API as `window.SermoChat`, replaying the calls queued there before. A bad value is one clear
 * console error and no widget (DESIGN §7).
 */
import { checkConfig } from '../config/config.ts';
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

// Set while a classic script runs, async or not.
const script = document.currentScript;

// `'src' in` tells an HTML script from an SVG one. A second copy of the script on the same page leaves the
// first one alone.
if (script && 'src' in script && (!window.SermoChat || Array.isArray(window.SermoChat))) {
  const raw = readRawConfig(script.dataset, window.SermoChatConfig);
  const error = checkConfig(raw, (value) => CSS.supports('color', value));
  if (error) console.error(error);
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
