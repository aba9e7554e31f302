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
 * Validate raw string values into a config; an absent key means "use the default", except `broker`,
 * which is required. The first bad value is the error. Written as a table of tests and then one plain
 * conversion, because these bytes ship in `sermo.js` (DESIGN §8).
 */
export function validateConfig(raw: RawConfig, env: ConfigEnv): ConfigResult {
  const rules: Rule[] = [
    ['broker', 'a ws: or wss: URL (required)', (v) => /^wss?:$/.test(schemeOf(v))],
    choice('locale', 'en', 'sv'),
    ['startParams', 'comma-separated parameter names, not config keys', (v) => listOf(v).every(isParamName)],
    choice('open', 'true', 'false'),
    choice('position', 'right', 'left'),
    ['accent', 'a CSS colour', env.isColor],
    choice('protocol', '1', '2'),
    [
      'heartbeatMs',
      `whole milliseconds from ${HEARTBEAT_MS_MIN} to ${HEARTBEAT_MS_MAX}`,
      (v) => /^\d+$/.test(v) && +v >= HEARTBEAT_MS_MIN && +v <= HEARTBEAT_MS_MAX,
    ],
    ['imagesUrl', 'an http: or https: URL', (v) => /^https?:$/.test(schemeOf(v))],
  ];
  for (const [key, expected, test] of rules) {
    const value = raw[key] ?? (key === 'broker' ? '' : undefined);
    if (value !== undefined && !test(value)) {
      return { ok: false, error: `Sermo chat: invalid config "${key}": expected ${expected}, got ${JSON.stringify(value)}` };
    }
  }

  const broker = new URL(raw.broker ?? '');
  const preferred = env.languages.map((l) => l.slice(0, 2).toLowerCase()).find((l) => l === 'en' || l === 'sv');
  const config: WidgetConfig = {
    broker: broker.href,
    locale: (raw.locale ?? preferred) === 'sv' ? 'sv' : 'en',
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
const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
