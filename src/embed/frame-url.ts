import { listOf } from '../config/config.ts';

/**
 * The widget iframe's address (DESIGN §3): `widgetUrl` (`widget.html`) with the given config keys as query
 * parameters, the host page's query parameters named in `startParams` (the iframe forwards every non-config
 * parameter as `start.params`; nothing else of the host page is sent), and `#host=<origin>`, which tells the
 * app it is hosted by the loader and which origin it may talk to.
 */
export function frameUrl(widgetUrl: string, given: Record<string, string>, host: Pick<Location, 'search' | 'origin'> = location): string {
  const url = new URL(widgetUrl);
  for (const [key, value] of Object.entries(given)) url.searchParams.set(key, value);
  const names = listOf(given.startParams ?? '');
  // A parameter the host page repeats: the last value wins, as the iframe's own reading does.
  for (const [name, value] of new URLSearchParams(host.search)) {
    if (names.includes(name)) url.searchParams.set(name, value);
  }
  url.hash = `host=${encodeURIComponent(host.origin)}`;
  return url.href;
}
