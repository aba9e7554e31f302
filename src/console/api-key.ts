/**
 * Where the console gets its application API key (DESIGN §6: the broker's `/ws/app?apiKey=`), in order:
 * 1. `#apiKey=...` in the URL: the link `npm start` prints. A fragment never reaches the server or its logs;
 *    the console removes it from the address bar at once and keeps the key in this tab's sessionStorage.
 * 2. This tab's sessionStorage (a reload).
 * 3. On a loopback host only (localhost, 127.0.0.1, [::1]): `GET ./dev-api-key`, which a broker started by
 *    `npm start` may answer, to loopback clients only, with the dev key as plain text.
 * Otherwise the agent types it in.
 */

export const STORAGE_KEY = 'sermo-console-api-key';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** What a key looks like: printable ASCII without spaces, of a sane length. */
const KEY_SHAPE = /^[\x21-\x7e]{4,200}$/;

export interface KeySources {
  location: Pick<Location, 'hash' | 'hostname'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'text'>>;
}

export type FoundKey = { key: string; from: 'link' | 'session' | 'dev-endpoint' } | null;

export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}

export async function findApiKey(sources: KeySources): Promise<FoundKey> {
  const fromLink = new URLSearchParams(sources.location.hash.replace(/^#/, '')).get('apiKey');
  if (fromLink !== null && KEY_SHAPE.test(fromLink)) {
    sources.storage.setItem(STORAGE_KEY, fromLink);
    return { key: fromLink, from: 'link' };
  }
  const stored = sources.storage.getItem(STORAGE_KEY);
  if (stored !== null && KEY_SHAPE.test(stored)) return { key: stored, from: 'session' };
  if (!isLoopback(sources.location.hostname)) return null;
  try {
    const response = await sources.fetch('./dev-api-key', { cache: 'no-store', credentials: 'omit' });
    const text = response.ok ? (await response.text()).trim() : '';
    return KEY_SHAPE.test(text) ? { key: text, from: 'dev-endpoint' } : null;
  } catch {
    // No such endpoint (another broker, or none running): the agent types the key.
    return null;
  }
}
