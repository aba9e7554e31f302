/**
 * Configuration keys of DESIGN §3 and their validation. Pure (no DOM): the loader validates the script
 * tag's data attributes or `window.SermoChatConfig`, and the iframe validates its query parameters, with
 * the same rules. A bad value is refused with a message naming the key and the expected form.
 */

export const CONFIG_KEYS = [
  'broker',
  'locale',
  'title',
  'startParams',
  'open',
  'position',
  'accent',
  'protocol',
  'heartbeatMs',
  'imagesUrl',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

export type Locale = 'en' | 'sv';

export interface WidgetConfig {
  broker: string;
  locale: Locale;
  title?: string;
  startParams: string[];
  open: boolean;
  position: 'right' | 'left';
  accent?: string;
  protocol: 1 | 2;
  heartbeatMs: number;
  imagesUrl: string;
}

export type RawConfig = Partial<Record<ConfigKey, string | undefined>>;

export interface ConfigEnv {
  /** `navigator.languages`, for the default locale. */
  languages: readonly string[];
  /** `CSS.supports('color', value)` where a browser is at hand. */
  isColor: (value: string) => boolean;
}

export type ConfigResult = { ok: true; config: WidgetConfig } | { ok: false; error: string };

/** DESIGN §3 default. */
export const HEARTBEAT_MS_DEFAULT = 10_000;
/** Below this a heartbeat is a flood, above it a broker thinks the customer left. */
const HEARTBEAT_MS_MIN = 1_000;
const HEARTBEAT_MS_MAX = 300_000;

/** The longest header title; a longer one is cut, not refused. */
const TITLE_MAX = 80;

/** `value` as a URL's scheme (`ws:`), or '' when it is no URL. */
const schemeOf = (value: string): string => {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
};

/** A rule: the key, its expected form for the error, and the test of a given value. */
type Rule = [key: ConfigKey, expected: string, test: (value: string) => boolean];

/** A key with a closed set of values; the form reads `"right" or "left"`. */
const choice = (key: ConfigKey, ...allowed: string[]): Rule => [
  key,
  allowed.map((a) => `"${a}"`).join(' or '),
  (value) => allowed.includes(value),
];

const isParamName = (name: string): boolean =>
  /^[\w.-]{1,64}$/.test(name) && !(CONFIG_KEYS as readonly string[]).includes(name);

/**
 * The first bad value of `raw` as one clear error naming the key and the expected form, or undefined
 * when every given value is good. An absent key means "use the default", except `broker`, which is
 * required. Only this check (no conversion) ships in `sermo.js`, so it is a table of tests (DESIGN §8).
 */
export function checkConfig(raw: RawConfig, isColor: ConfigEnv['isColor']): string | undefined {
  const rules: Rule[] = [
    ['broker', 'a ws: or wss: URL (required)', (v) => /^wss?:$/.test(schemeOf(v))],
    choice('locale', 'en', 'sv'),
    ['startParams', 'a comma list of query parameter names', (v) => listOf(v).every(isParamName)],
    choice('open', 'true', 'false'),
    choice('position', 'right', 'left'),
    ['accent', 'a CSS colour', isColor],
    choice('protocol', '1', '2'),
    [
      'heartbeatMs',
      `whole milliseconds from ${HEARTBEAT_MS_MIN} to ${HEARTBEAT_MS_MAX}`,
      (v) => /^\d+$/.test(v) && +v >= HEARTBEAT_MS_MIN && +v <= HEARTBEAT_MS_MAX,
    ],
    ['imagesUrl', 'an http: or https: URL', (v) => /^https?:$/.test(schemeOf(v))],
  ];
  for (const [key, expected, test] of rules) {
    const value = raw[key];
    // Absent is fine (the default), except for the required broker.
    if (value == null ? key === 'broker' : !test(value)) {
      return `Sermo chat: invalid config "${key}": expected ${expected}, got ${JSON.stringify(value ?? '')}`;
    }
  }
}

/** The given locale (checked), else the first supported browser language, else English. */
export const localeOf = (given: string | undefined, languages: readonly string[]): Locale =>
  (given ?? languages.map((l) => l.slice(0, 2).toLowerCase()).find((l) => l === 'en' || l === 'sv')) === 'sv' ? 'sv' : 'en';

/**
 * Validate raw string values into a config with every default filled in: `checkConfig`, then one plain
 * conversion, which only the iframe needs.
 */
export function validateConfig(raw: RawConfig, env: ConfigEnv): ConfigResult {
  const error = checkConfig(raw, env.isColor);
  if (error) return { ok: false, error };

  const broker = new URL(raw.broker ?? '');
  const config: WidgetConfig = {
    broker: broker.href,
    locale: localeOf(raw.locale, env.languages),
    startParams: listOf(raw.startParams ?? ''),
    open: raw.open === 'true',
    position: raw.position === 'left' ? 'left' : 'right',
    protocol: raw.protocol === '1' ? 1 : 2,
    heartbeatMs: +(raw.heartbeatMs ?? HEARTBEAT_MS_DEFAULT),
    imagesUrl: raw.imagesUrl
      ? new URL(raw.imagesUrl).href.replace(/\/$/, '')
      : // DESIGN §3: the broker's origin, ws: -> http:, wss: -> https:, path dropped.
        `${broker.protocol.replace('ws', 'http')}//${broker.host}`,
  };
  if (raw.accent) config.accent = raw.accent;
  const title = raw.title?.trim();
  if (title) config.title = title.slice(0, TITLE_MAX);
  return { ok: true, config };
}

/** `" a, b ,"` -> `["a", "b"]`. */
export const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
