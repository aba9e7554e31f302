/**
 * The configuration keys of DESIGN §3 and their rules, shared by the two sides that read them: the loader
 * (`src/embed/`: the script tag's data attributes, `window.SermoChatConfig`, `mount()`) and the iframe
 * (`src/widget/config.ts`: `widget.html`'s query). One table of rules, so both refuse the same values with
 * the same message, naming the key and the expected form.
 *
 * Pure: no DOM and no imports. Where only a browser can answer (is this a colour?), the answer is passed in.
 * The loader ships `checkConfig` alone (it passes the given values on as they are); only the iframe
 * converts them (`validateConfig`).
 */

export type Locale = 'en' | 'sv';

/** A field of the pre-chat form (DESIGN §3 `preChat`, §5). */
export interface PreChatField {
  name: 'name' | 'email' | 'phone';
  /** Written with a trailing `*` (`email*`). */
  required: boolean;
}

/** How a new agent message is announced while the panel is minimised or the tab hidden (DESIGN §3 `notify`). */
export type NotifyChannel = 'title' | 'sound';

/**
 * What the iframe runs with. The keys only the loader uses (`open`, `position`, and `startParams`, whose values
 * the loader forwards as query parameters of their own) are checked but not kept.
 */
export interface WidgetConfig {
  broker: string;
  locale: Locale;
  title?: string;
  accent?: string;
  protocol: 1 | 2;
  heartbeatMs: number;
  /** How long an idle conversation can be continued from a reload or another tab; 0: this tab only. */
  resumeMinutes: number;
  imagesUrl: string;
  /** Fields asked before the chat starts; empty: no form. */
  preChat: PreChatField[];
  /** Ask for a rating after `end_session`. */
  csat: boolean;
  notify: NotifyChannel[];
}

export type RawConfig = Partial<Record<ConfigKey, string | undefined>>;

export interface ConfigEnv {
  /** `navigator.languages`, for the default locale. */
  languages: readonly string[];
  /** `CSS.supports('color', value)` where a browser is at hand. */
  isColor: (value: string) => boolean;
}

export type ConfigResult = { ok: true; config: WidgetConfig } | { ok: false; error: string };

/** DESIGN §3 defaults. */
export const HEARTBEAT_MS_DEFAULT = 10_000;
export const RESUME_MINUTES_DEFAULT = 30;
/** Below this a heartbeat is a flood, above it a broker thinks the customer left. */
const HEARTBEAT_MS_MIN = 1_000;
const HEARTBEAT_MS_MAX = 300_000;
/** A week: past that, a conversation is not "continued" but a new one. */
const RESUME_MINUTES_MAX = 10_080;

/** The longest header title; a longer one is cut, not refused. */
const TITLE_MAX = 80;

/**
 * DESIGN §6.2: the forms an accent may take, before the browser is asked whether it is a colour: `#rgb`,
 * `#rrggbb`, `#rrggbbaa`, `rgb()`/`hsl()` (and their `a` forms) with numbers only, or a name. Nothing else
 * reaches the CSSOM, so no `var()`, `url()` or `attr()` ever does.
 */
const ACCENT_FORM = /^(#([\da-f]{3}|[\da-f]{6}|[\da-f]{8})|(rgb|hsl)a?\(([\d\s.,%/+-]|deg|turn)*\)|[a-z]+)$/i;

/** `" a, b ,"` -> `["a", "b"]`. */
export const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** `value` as a URL's scheme (`ws:`), or '' when it is no URL. */
const schemeOf = (value: string): string => {
  try {
    return new URL(value).protocol;
  } catch {
    return '';
  }
};

const isWholeIn = (value: string, min: number, max: number): boolean => /^\d+$/.test(value) && +value >= min && +value <= max;

const isParamName = (name: string): boolean => /^[\w.-]{1,64}$/.test(name) && !(CONFIG_KEYS as readonly string[]).includes(name);

const PRE_CHAT_FIELDS = ['name', 'email', 'phone'] as const;
const NOTIFY_CHANNELS = ['title', 'sound'] as const;

/** `value` is a comma list of names from `allowed`; with `marked`, each may end in `*`. */
const isListOf = (allowed: readonly string[], value: string, marked?: boolean): boolean =>
  listOf(value).every((item) => allowed.includes(marked ? item.replace(/\*$/, '') : item));

const isPreChatName = (name: string): name is PreChatField['name'] => (PRE_CHAT_FIELDS as readonly string[]).includes(name);
const isNotifyChannel = (name: string): name is NotifyChannel => (NOTIFY_CHANNELS as readonly string[]).includes(name);

/** A checked `preChat` (`name,email*`) -> its fields, each once (the first mention counts). */
export const readPreChat = (value: string): PreChatField[] => {
  const fields: PreChatField[] = [];
  for (const item of listOf(value)) {
    const name = item.replace(/\*$/, '');
    if (isPreChatName(name) && !fields.some((field) => field.name === name)) fields.push({ name, required: item !== name });
  }
  return fields;
};

/** A checked `notify` (`title,sound`, or '' for none) -> its channels. */
export const readNotify = (value: string): NotifyChannel[] => listOf(value).filter(isNotifyChannel);

/** A key, its expected form for the error, and the test of a given value (`isColor` from the browser). */
type Rule<K extends string = string> = readonly [key: K, expected: string, test: (value: string, isColor: ConfigEnv['isColor']) => boolean];

/** A key with a closed set of values; the form reads `"right" or "left"`. */
const choice = <K extends string>(key: K, ...allowed: string[]): Rule<K> => [key, allowed.map((a) => `"${a}"`).join(' or '), (value) => allowed.includes(value)];

/** Every key of DESIGN §3 with its rule, in the order they are checked. */
const RULES = [
  ['broker', 'a ws: or wss: URL (required)', (v) => /^wss?:$/.test(schemeOf(v))],
  choice('locale', 'en', 'sv'),
  // Any text: too long a title is cut, not refused.
  ['title', '', () => true],
  ['startParams', 'a comma list of query parameter names', (v) => listOf(v).every(isParamName)],
  choice('open', 'true', 'false'),
  choice('position', 'right', 'left'),
  ['accent', 'a colour (#rgb, #rrggbb, #rrggbbaa, rgb(), hsl() with numbers, or a name)', (v, isColor) => ACCENT_FORM.test(v) && isColor(v)],
  choice('protocol', '1', '2'),
  ['heartbeatMs', `whole milliseconds from ${HEARTBEAT_MS_MIN} to ${HEARTBEAT_MS_MAX}`, (v) => isWholeIn(v, HEARTBEAT_MS_MIN, HEARTBEAT_MS_MAX)],
  ['resumeMinutes', `whole minutes from 0 to ${RESUME_MINUTES_MAX}`, (v) => isWholeIn(v, 0, RESUME_MINUTES_MAX)],
  ['imagesUrl', 'an http: or https: URL', (v) => /^https?:$/.test(schemeOf(v))],
  ['preChat', 'a comma list of name, email, phone (a trailing * makes one required)', (v) => isListOf(PRE_CHAT_FIELDS, v, true)],
  choice('csat', 'true', 'false'),
  ['notify', 'a comma list of title, sound', (v) => isListOf(NOTIFY_CHANNELS, v)],
] as const satisfies readonly Rule[];

export type ConfigKey = (typeof RULES)[number][0];

export const CONFIG_KEYS: readonly ConfigKey[] = RULES.map(([key]) => key);

/**
 * The first bad value of `raw` as one clear error naming the key and the expected form, or undefined when
 * every given value is good. An absent key means "use the default", except `broker`, which is required.
 */
export function checkConfig(raw: RawConfig, isColor: ConfigEnv['isColor']): string | undefined {
  for (const [key, expected, test] of RULES) {
    const value = raw[key];
    // Absent is fine (the default), except for the required broker.
    if (value == null ? key === 'broker' : !test(value, isColor)) {
      return `Sermo chat: invalid config "${key}": expected ${expected}, got ${JSON.stringify(value ?? '')}`;
    }
  }
}

/** The given locale (checked), else the first supported browser language, else English. */
export const localeOf = (given: string | undefined, languages: readonly string[]): Locale =>
  (given ?? languages.map((l) => l.slice(0, 2).toLowerCase()).find((l) => l === 'en' || l === 'sv')) === 'sv' ? 'sv' : 'en';

/** Whether `notify` (given or the default) announces unread messages in the host page's title. */
export const notifiesByTitle = (notify: string | undefined): boolean => listOf(notify ?? 'title').includes('title');

/** `resumeMinutes`, given (checked) or the default. */
export const resumeMinutesOf = (given: string | undefined): number => (given ? +given : RESUME_MINUTES_DEFAULT);

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
    protocol: raw.protocol === '1' ? 1 : 2,
    heartbeatMs: +(raw.heartbeatMs ?? HEARTBEAT_MS_DEFAULT),
    resumeMinutes: resumeMinutesOf(raw.resumeMinutes),
    imagesUrl: raw.imagesUrl
      ? new URL(raw.imagesUrl).href.replace(/\/$/, '')
      : // DESIGN §3: the broker's origin, ws: -> http:, wss: -> https:, path dropped.
        `${broker.protocol.replace('ws', 'http')}//${broker.host}`,
    preChat: readPreChat(raw.preChat ?? ''),
    csat: raw.csat !== 'false',
    notify: readNotify(raw.notify ?? 'title'),
  };
  if (raw.accent) config.accent = raw.accent;
  const title = raw.title?.trim();
  if (title) config.title = title.slice(0, TITLE_MAX);
  return { ok: true, config };
}
