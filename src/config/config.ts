/**
 * Checking a configuration (DESIGN §3, §7): the rules of `rules.ts`, and for a bad value one clear error
 * naming the key, the value and the expected form. The loader (`src/embed/`) checks with `checkConfig` and
 * passes the given values on as they are; the iframe converts them (`convertConfig`) and loads these texts
 * only for a refused query (`src/widget/config.ts`).
 *
 * Pure: no DOM and no imports but the rules.
 */
import {
  convertConfig,
  findBadKey,
  type ConfigEnv,
  type ConfigKey,
  type RawConfig,
  type WidgetConfig,
} from './rules.ts';

export * from './rules.ts';

export type ConfigResult = { ok: true; config: WidgetConfig } | { ok: false; error: string };

/** `"right" or "left"`: the values of a key with a closed set, as its rule in `rules.ts` has them. */
const either = (...values: string[]): string => values.map((value) => `"${value}"`).join(' or ');

/**
 * Each key's expected form, as the error names it. The bounds and names are written out rather than built from
 * the constants of `rules.ts`: the iframe loads these words in a chunk of their own, and each constant they
 * imported would be an export of its first load (about 40 B). `config.test.ts` checks they match the rules.
 */
export const EXPECTED: Readonly<Record<ConfigKey, string>> = {
  broker: 'a ws: or wss: URL (required)',
  locale: either('en', 'sv'),
  title: '',
  startParams: 'a comma list of query parameter names',
  open: either('true', 'false'),
  position: either('right', 'left'),
  accent: 'a colour (#rgb, #rrggbb, #rrggbbaa, rgb(), hsl() with numbers, or a name)',
  protocol: either('1', '2'),
  heartbeatMs: 'whole milliseconds from 1000 to 300000',
  resumeMinutes: 'whole minutes from 0 to 10080',
  imagesUrl: 'an http: or https: URL',
  preChat: 'a comma list of name, email, phone (a trailing * makes one required)',
  csat: either('true', 'false'),
  notify: 'a comma list of title, sound',
};

/**
 * The error for `key`'s `value` (absent: not given), naming what was `expected`: for a key of the table its
 * form (`EXPECTED`); also `mount()`'s `widgetUrl` and the iframe's list of brokers.
 */
export const configError = (key: string, value: string | undefined, expected: string): string =>
  `Sermo chat: invalid config "${key}": expected ${expected}, got ${JSON.stringify(value ?? '')}`;

/**
 * The first bad value of `raw` as one clear error naming the key and the expected form, or undefined when
 * every given value is good. An absent key means "use the default", except `broker`, which is required.
 */
export function checkConfig(raw: RawConfig, isColor: ConfigEnv['isColor']): string | undefined {
  const key = findBadKey(raw, isColor);
  return key && configError(key, raw[key], EXPECTED[key]);
}

/** Validate raw string values into a config with every default filled in: `checkConfig`, then `convertConfig`. */
export function validateConfig(raw: RawConfig, env: ConfigEnv): ConfigResult {
  const error = checkConfig(raw, env.isColor);
  return error ? { ok: false, error } : { ok: true, config: convertConfig(raw, env.languages) };
}
