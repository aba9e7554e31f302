/**
 * `sermo.js`, the classic script a host page adds (DESIGN §3). No framework and no dependencies: it reads
 * its config from its own script element (or `window.SermoChatConfig`), validates it, and starts the
 * loader. A bad value is one clear console error and no widget (DESIGN §7).
 */
// The loader first: import order is bundle order, and this one packs tighter under brotli (measured).
import { startLoader } from './loader.ts';
import { checkConfig } from './config.ts';
import { readRawConfig } from './read-config.ts';

// Set while a classic script runs, async or not.
const script = document.currentScript;

// `'src' in` tells an HTML script from an SVG one (fewer bytes than `instanceof HTMLScriptElement`).
// A second copy of the script on the same page leaves the first one alone.
if (script && 'src' in script && (!window.SermoChat || Array.isArray(window.SermoChat))) {
  const raw = readRawConfig(script.dataset, window.SermoChatConfig);
  const error = checkConfig(raw, (value) => CSS.supports('color', value));
  if (error) console.error(error);
  else startLoader(raw, script.src);
}
