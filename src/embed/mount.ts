/**
 * `sermo.mjs`, the ES module for bundlers and single-page apps (DESIGN §3.4): `mount(config)` shows the
 * same launcher and widget as the script tag (the same loader) and returns its handle. Importing it touches
 * nothing (no globals, no DOM), so server-side rendering can import it; only `mount()` does.
 */
import { checkConfig, configError, CONFIG_KEYS, EXPECTED, isConfigKey } from '../config/config.ts';
import type { SermoEventName, SermoEvents } from './emitter.ts';
import { startLoader, type SermoChat } from './loader.ts';

export type { SermoChat, SermoEventName, SermoEvents };

/** The configuration keys of DESIGN §3 in camel case, as values of their own type, plus `widgetUrl`. */
export interface SermoChatConfig {
  /** WebSocket URL of the broker, `ws:` or `wss:`. */
  broker: string;
  /** Default: the browser's language if supported, else `en`. */
  locale?: 'en' | 'sv';
  /** Header title. */
  title?: string;
  /** The host page's query parameters to forward in `start.params`: a list, or a comma list. */
  startParams?: readonly string[] | string;
  /** Open the panel at once. */
  open?: boolean;
  position?: 'right' | 'left';
  /** `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb()` or `hsl()` with numbers, or a colour name. */
  accent?: string;
  /** The wire format the widget sends: 2 (default) or 1 (legacy). */
  protocol?: 1 | 2;
  /** Heartbeat period, 1000 to 300000 ms; default 10000. */
  heartbeatMs?: number;
  /** Minutes an idle conversation can be continued from a reload or another tab; 0: this tab only. Default 30. */
  resumeMinutes?: number;
  /** Base URL of the image endpoint; default: the broker's origin. */
  imagesUrl?: string;
  /** Fields asked before the chat starts, from `name`, `email`, `phone`; a trailing `*` makes one required. */
  preChat?: readonly string[] | string;
  /** Ask for a rating after the chat ends; default true. */
  csat?: boolean;
  /** How a new agent message is announced while the panel is minimised or the tab hidden; default `['title']`. */
  notify?: readonly ('title' | 'sound')[] | string;
  /** The URL of `widget.html`; default: beside this module. */
  widgetUrl?: string | URL;
}

/** The mounted widget, until its `destroy()`. */
let mounted: SermoChat | undefined;

/**
 * Show the launcher (DESIGN §3.4) and return the host API. A bad key or value throws an `Error` naming the
 * key and the expected form, and shows nothing. Mounting again before `destroy()` returns the same handle.
 */
export function mount(config: SermoChatConfig): SermoChat {
  if (mounted) return mounted;
  // Values as the script tag's attributes would give them: lists as comma lists, numbers and booleans as text.
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value == null || key === 'widgetUrl') continue;
    if (!isConfigKey(key)) throw new Error(`Sermo chat: unknown config key "${key}": expected one of ${CONFIG_KEYS.join(', ')}, widgetUrl`);
    raw[key] = `${value}`;
  }
  const error = checkConfig(raw, (value) => CSS.supports('color', value));
  if (error) throw new Error(error);
  // A given widgetUrl is relative to the page; the default is beside this module. (`+ ''` keeps bundlers
  // from taking `new URL('widget.html', import.meta.url)` for an asset of theirs: they would copy widget.html
  // alone, without its scripts.)
  const [url, base] = config.widgetUrl ? [`${config.widgetUrl}`, document.baseURI] : ['widget.html', import.meta.url + ''];
  if (!URL.canParse(url, base) || !/^https?:$/.test(new URL(url, base).protocol)) {
    // The same form as `imagesUrl`'s.
    throw new Error(configError('widgetUrl', url, EXPECTED.imagesUrl));
  }
  const chat = startLoader(raw, new URL(url, base).href);
  const handle: SermoChat = {
    ...chat,
    destroy() {
      if (mounted === handle) mounted = undefined;
      chat.destroy();
    },
  };
  return (mounted = handle);
}
