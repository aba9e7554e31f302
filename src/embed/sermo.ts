/**
 * `sermo.js`, the classic script a host page adds (DESIGN §3). No framework and no dependencies: it reads
 * its config from its own script element (or `window.SermoChatConfig`), validates it, and starts the
 * loader. A bad value is one clear console error and no widget (DESIGN §7).
 */
import { validateConfig } from './config.ts';
import { startLoader } from './loader.ts';
import { readRawConfig } from './read-config.ts';

// Set while a classic script runs, async or not.
const script = document.currentScript;

// A second copy of the script on the same page leaves the first one alone.
if (script instanceof HTMLScriptElement && (!window.SermoChat || Array.isArray(window.SermoChat))) {
  const raw = readRawConfig(script.dataset, window.SermoChatConfig);
  const result = validateConfig(raw, { languages: navigator.languages, isColor: (value) => CSS.supports('color', value) });
  if (result.ok) startLoader({ config: result.config, raw, scriptSrc: script.src });
  else console.error(result.error);
}
