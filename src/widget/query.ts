/**
 * The iframe's configuration, from `widget.html`'s query parameters (DESIGN §3), checked by the same rules as
 * the loader's (`src/config/rules.ts`), and the broker and image endpoint checked against the list the widget
 * was built for (DESIGN §6.2, `SERMO_WIDGET_BROKERS`). Pure: `main.tsx` passes `location` and the browser's
 * environment in.
 *
 * A refused query comes back as the key and its value, without words: the error's text (`config.ts`) is
 * loaded only then, as a plain conversation never needs it (DESIGN §8, the first load).
 */
import { isOnList } from '../config/brokers.ts';
import { convertConfig, findBadKey, isConfigKey, type ConfigEnv, type ConfigKey, type RawConfig, type WidgetConfig } from '../config/rules.ts';

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

/** The first refused key and its value (absent: not given); `unlisted`: not on the list of brokers. */
export type Refusal = { key: ConfigKey; value: string | undefined; unlisted?: undefined } | { key: 'broker' | 'imagesUrl'; value: string; unlisted: true };

/** A refusal also gives the `locale` asked for (unchecked), for the language of the panel that says so. */
export type QueryResult = { ok: true; value: IframeConfig } | ({ ok: false; locale: string | undefined } & Refusal);

export interface IframeEnv extends ConfigEnv {
  /** The http(s) origins of the build-time list (`readWidgetBrokers`); absent: any broker. */
  brokers?: readonly string[] | undefined;
}

/** The `host` origin in a `#host=<encoded origin>` hash, if it is a real http(s) origin. */
export function readHostOrigin(hash: string): string | undefined {
  const value = new URLSearchParams(hash.slice(1)).get('host') ?? '';
  // An http(s) origin serialises as itself; anything with a path, or an opaque origin, is refused.
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value ? value : undefined;
}

/** Read and check `search` (`?broker=...&queue=billing`) and `hash` (`#host=...`). */
export function readQuery(search: string, hash: string, env: IframeEnv): QueryResult {
  const raw: RawConfig = {};
  const startParams: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    if (isConfigKey(key)) raw[key] = value;
    // `__proto__` as a key would reach the prototype through the setter; a params record never needs it.
    else if (key !== '__proto__') startParams[key] = value;
  }
  const bad = findBadKey(raw, env.isColor);
  if (bad) return { ok: false, key: bad, value: raw[bad], locale: raw.locale };
  // The default image endpoint is the broker's own origin, so only a given one needs its own check.
  for (const key of ['broker', 'imagesUrl'] as const) {
    const value = raw[key];
    if (value && !isOnList(value, env.brokers)) return { ok: false, key, value, unlisted: true, locale: raw.locale };
  }
  const value: IframeConfig = { config: convertConfig(raw, env.languages), startParams };
  const hostOrigin = readHostOrigin(hash);
  if (hostOrigin) value.hostOrigin = hostOrigin;
  return { ok: true, value };
}
