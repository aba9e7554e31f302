/**
 * The iframe's configuration, from `widget.html`'s query parameters (DESIGN §3), validated by the same rules
 * as the loader's (`src/config/`), and the broker and image endpoint checked against the list the widget was
 * built for (DESIGN §6.2, `SERMO_WIDGET_BROKERS`). Pure: `main.tsx` passes `location` and the browser's
 * environment in.
 */
import { isOnList } from '../config/brokers.ts';
import { CONFIG_KEYS, validateConfig, type ConfigEnv, type ConfigKey, type RawConfig, type WidgetConfig } from '../config/config.ts';

/** What the iframe runs with. */
export interface IframeConfig {
  config: WidgetConfig;
  /**
   * DESIGN §3: every query parameter that is not a configuration key goes into `start.params`
   * (`?queue=billing` -> `{ queue: "billing" }`). In script-tag mode the loader puts the host page's
   * `startParams` there the same way.
   */
  startParams: Record<string, string>;
  /** The host page's origin from `#host=`, set by the loader; absent in the iframe embed. */
  hostOrigin?: string;
}

export type IframeConfigResult = { ok: true; value: IframeConfig } | { ok: false; error: string };

export interface IframeEnv extends ConfigEnv {
  /** The http(s) origins of the build-time list (`readWidgetBrokers`); absent: any broker. */
  brokers?: readonly string[] | undefined;
}

const isConfigKey = (key: string): key is ConfigKey => (CONFIG_KEYS as readonly string[]).includes(key);

/** The `host` origin in a `#host=<encoded origin>` hash, if it is a real http(s) origin. */
export function readHostOrigin(hash: string): string | undefined {
  const value = new URLSearchParams(hash.slice(1)).get('host') ?? '';
  // An http(s) origin serialises as itself; anything with a path, or an opaque origin, is refused.
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value ? value : undefined;
}

/** Read and validate `search` (`?broker=...&queue=billing`) and `hash` (`#host=...`). */
export function readIframeConfig(search: string, hash: string, env: IframeEnv): IframeConfigResult {
  const raw: RawConfig = {};
  const startParams: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (isConfigKey(key)) raw[key] = value;
    // `__proto__` as a key would reach the prototype through the setter; a params record never needs it.
    else if (key !== '__proto__') startParams[key] = value;
  }
  const result = validateConfig(raw, env);
  if (!result.ok) return result;
  // The default image endpoint is the broker's own origin, so only a given one needs its own check.
  for (const [key, what] of [['broker', 'a broker'], ['imagesUrl', 'an image endpoint']] as const) {
    const value = raw[key];
    if (value && !isOnList(value, env.brokers)) {
      return { ok: false, error: `Sermo chat: invalid config "${key}": expected ${what} this widget was built for (SERMO_WIDGET_BROKERS), got ${JSON.stringify(value)}` };
    }
  }
  const value: IframeConfig = { config: result.config, startParams };
  const hostOrigin = readHostOrigin(hash);
  if (hostOrigin) value.hostOrigin = hostOrigin;
  return { ok: true, value };
}
