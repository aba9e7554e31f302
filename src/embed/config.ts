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

const fail = (key: ConfigKey, expected: string, value: string): ConfigResult => ({
  ok: false,
  error: `Sermo chat: invalid config "${key}": expected ${expected}, got ${JSON.stringify(value)}`,
});

const parseUrl = (value: string): URL | null => {
  try {
    return new URL(value);
  } catch {
    return null;
  }
};

const isLocale = (value: string): value is Locale => value === 'en' || value === 'sv';

/** Validate raw string values into a config; `undefined` or absent means "use the default". */
export function validateConfig(raw: RawConfig, env: ConfigEnv): ConfigResult {
  const broker = raw.broker;
  if (broker === undefined || broker === '') return fail('broker', 'a ws: or wss: URL (required)', '');
  const brokerUrl = parseUrl(broker);
  if (!brokerUrl || (brokerUrl.protocol !== 'ws:' && brokerUrl.protocol !== 'wss:')) {
    return fail('broker', 'a ws: or wss: URL', broker);
  }

  let locale: Locale = 'en';
  if (raw.locale !== undefined) {
    if (!isLocale(raw.locale)) return fail('locale', '"en" or "sv"', raw.locale);
    locale = raw.locale;
  } else {
    const preferred = env.languages.map((l) => l.slice(0, 2).toLowerCase()).find(isLocale);
    if (preferred) locale = preferred;
  }

  let open = false;
  if (raw.open !== undefined) {
    if (raw.open !== 'true' && raw.open !== 'false') return fail('open', '"true" or "false"', raw.open);
    open = raw.open === 'true';
  }

  let position: 'right' | 'left' = 'right';
  if (raw.position !== undefined) {
    if (raw.position !== 'right' && raw.position !== 'left') {
      return fail('position', '"right" or "left"', raw.position);
    }
    position = raw.position;
  }

  if (raw.accent !== undefined && !env.isColor(raw.accent)) {
    return fail('accent', 'a CSS colour such as "#0a7cff"', raw.accent);
  }

  let protocol: 1 | 2 = 2;
  if (raw.protocol !== undefined) {
    if (raw.protocol !== '1' && raw.protocol !== '2') return fail('protocol', '1 or 2', raw.protocol);
    protocol = raw.protocol === '1' ? 1 : 2;
  }

  let heartbeatMs = HEARTBEAT_MS_DEFAULT;
  if (raw.heartbeatMs !== undefined) {
    const n = Number(raw.heartbeatMs);
    if (!/^\d+$/.test(raw.heartbeatMs) || n < HEARTBEAT_MS_MIN || n > HEARTBEAT_MS_MAX) {
      return fail('heartbeatMs', `whole milliseconds from ${HEARTBEAT_MS_MIN} to ${HEARTBEAT_MS_MAX}`, raw.heartbeatMs);
    }
    heartbeatMs = n;
  }

  let startParams: string[] = [];
  if (raw.startParams !== undefined && raw.startParams.trim() !== '') {
    startParams = raw.startParams.split(',').map((p) => p.trim());
    if (startParams.some((p) => !/^[\w.-]{1,64}$/.test(p))) {
      return fail('startParams', 'a comma list of query parameter names', raw.startParams);
    }
  }

  let imagesUrl: string;
  if (raw.imagesUrl !== undefined) {
    const url = parseUrl(raw.imagesUrl);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      return fail('imagesUrl', 'an http: or https: URL', raw.imagesUrl);
    }
    imagesUrl = url.href.replace(/\/$/, '');
  } else {
    // DESIGN §3: the broker's origin, ws: -> http:, wss: -> https:, path dropped.
    imagesUrl = `${brokerUrl.protocol === 'wss:' ? 'https:' : 'http:'}//${brokerUrl.host}`;
  }

  const config: WidgetConfig = { broker: brokerUrl.href, locale, startParams, open, position, protocol, heartbeatMs, imagesUrl };
  if (raw.title !== undefined && raw.title.trim() !== '') config.title = raw.title.slice(0, 80);
  if (raw.accent !== undefined) config.accent = raw.accent;
  return { ok: true, config };
}
