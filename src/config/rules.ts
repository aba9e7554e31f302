/**
 * The configuration keys of DESIGN §3: what each accepts and what the iframe converts it to. Shared by the two
 * sides that read them: the loader (`src/embed/`: the script tag's data attributes, `window.SermoChatConfig`,
 * `mount()`) and the iframe (`widget.html`'s query, `src/widget/query.ts`). One table of rules, so both refuse
 * the same values.
 *
 * The error texts that name the expected forms are in `config.ts`, apart from the rules: the iframe needs them
 * only for a refused query, and loads them then (DESIGN §8, the iframe's first load). The loader, which must
 * say at once what was wrong, ships both.
 *
 * Pure: no DOM and no imports. Where only a browser can answer (is this a colour?), the answer is passed in.
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

/** DESIGN §3 defaults. */
export const HEARTBEAT_MS_DEFAULT = 10_000;
export const RESUME_MINUTES_DEFAULT = 30;
/** Below this a heartbeat is a flood, above it a broker thinks the customer left. */
export const HEARTBEAT_MS_MIN = 1_000;
export const HEARTBEAT_MS_MAX = 300_000;
/** A week: past that, a conversation is not "continued" but a new one. */
export const RESUME_MINUTES_MAX = 10_080;

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

const isParamName = (name: string): boolean => /^[\w.-]{1,64}$/.test(name) && !isConfigKey(name);

export const PRE_CHAT_FIELDS = ['name', 'email', 'phone'] as const;
export const NOTIFY_CHANNELS = ['title', 'sound'] as const;

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

/** The test of a given value (`isColor` from the browser). */
type Test = (value: string, isColor: ConfigEnv['isColor']) => boolean;

/** A test for a closed set of values. */
const oneOf =
  (...allowed: string[]): Test =>
  (value) =>
    allowed.includes(value);

/** Every key of DESIGN §3 with its rule, in the order they are checked (`config.ts` names each one's form). */
const RULES = {
  broker: (v) => /^wss?:$/.test(schemeOf(v)),
  locale: oneOf('en', 'sv'),
  // Any text: too long a title is cut, not refused.
  title: () => true,
  startParams: (v) => listOf(v).every(isParamName),
  open: oneOf('true', 'false'),
  position: oneOf('right', 'left'),
  accent: (v, isColor) => ACCENT_FORM.test(v) && isColor(v),
  protocol: oneOf('1', '2'),
  heartbeatMs: (v) => isWholeIn(v, HEARTBEAT_MS_MIN, HEARTBEAT_MS_MAX),
  resumeMinutes: (v) => isWholeIn(v, 0, RESUME_MINUTES_MAX),
  imagesUrl: (v) => /^https?:$/.test(schemeOf(v)),
  preChat: (v) => isListOf(PRE_CHAT_FIELDS, v, true),
  csat: oneOf('true', 'false'),
  notify: (v) => isListOf(NOTIFY_CHANNELS, v),
} satisfies Record<string, Test>;

export type ConfigKey = keyof typeof RULES;

export const CONFIG_KEYS = Object.keys(RULES) as readonly ConfigKey[];

export const isConfigKey = (key: string): key is ConfigKey => (CONFIG_KEYS as readonly string[]).includes(key);

/**
 * The first key of `raw` whose value is bad, or undefined when every given value is good. An absent key
 * means "use the default", except `broker`, which is required.
 */
export function findBadKey(raw: RawConfig, isColor: ConfigEnv['isColor']): ConfigKey | undefined {
  for (const key of CONFIG_KEYS) {
    const value = raw[key];
    if (value == null ? key === 'broker' : !RULES[key](value, isColor)) return key;
  }
}

/**
 * The error for a bad value when the words of the expected forms (`config.ts`) are not at hand: their file did
 * not load, or is of another version that does not know the key. It still names the key and the value.
 */
export const bareConfigError = (key: string, value: string | undefined): string => `Sermo chat: invalid config "${key}", got ${JSON.stringify(value ?? '')}`;

/** The given locale (checked), else the first supported browser language, else English. */
export const localeOf = (given: string | undefined, languages: readonly string[]): Locale =>
  (given ?? languages.map((l) => l.slice(0, 2).toLowerCase()).find((l) => l === 'en' || l === 'sv')) === 'sv' ? 'sv' : 'en';

/** Whether `notify` (given or the default) announces unread messages in the host page's title. */
export const notifiesByTitle = (notify: string | undefined): boolean => listOf(notify ?? 'title').includes('title');

/** `resumeMinutes`, given (checked) or the default. */
export const resumeMinutesOf = (given: string | undefined): number => (given ? +given : RESUME_MINUTES_DEFAULT);

/** Values `findBadKey` passed, converted, with every default filled in: what only the iframe needs. */
export function convertConfig(raw: RawConfig, languages: readonly string[]): WidgetConfig {
  const broker = new URL(raw.broker ?? '');
  const config: WidgetConfig = {
    broker: broker.href,
    locale: localeOf(raw.locale, languages),
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
  return config;
}
