/**
 * DESIGN §6.2 "Widget configuration from a URL": `widget.html` takes `broker` and `imagesUrl` from its query
 * only if they are on the list fixed when the widget is built, `SERMO_WIDGET_BROKERS` (a comma list of
 * origins). Otherwise a link to the company's own widget page could show an attacker's "agent".
 *
 * An entry names a host and port: `wss://chat.example.com` and `https://chat.example.com` are the same entry,
 * since a broker's WebSocket endpoint and its image endpoint live on one host (DESIGN §3 `imagesUrl`).
 * Origins are compared in their http(s) form (ws: -> http:, wss: -> https:).
 */

/** The origin of `url` (a ws(s) or http(s) URL) in its http(s) form. */
export const httpOriginOf = (url: string): string => new URL(url.replace(/^ws/i, 'http')).origin;

/**
 * The build-time list (`SERMO_WIDGET_BROKERS`) as http(s) origins; undefined when unset or blank (any broker).
 * Throws, naming the entry, for anything that is not an origin: the build must not quietly allow less or more.
 */
export function readWidgetBrokers(value: string | undefined): string[] | undefined {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries.map((entry) => {
    // Nothing but scheme, host and port (a trailing slash aside): no path, query, credentials or default port.
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || !/^(ws|http)s?:$/.test(url.protocol) || entry.replace(/\/$/, '').toLowerCase() !== `${url.protocol}//${url.host}`) {
      throw new Error(`SERMO_WIDGET_BROKERS: expected a comma list of origins (wss://chat.example.com), got ${JSON.stringify(entry)}`);
    }
    return httpOriginOf(entry);
  });
}

/** Whether `url` (a checked ws(s) or http(s) URL) is on the list of http(s) origins; any is without a list. */
export const isOnList = (url: string, origins: readonly string[] | undefined): boolean => !origins || origins.includes(httpOriginOf(url));
