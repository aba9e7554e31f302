/**
 * The origin allowlist for customer sockets and for CORS on `/images` (DESIGN §6).
 * `'*'` allows any origin (and a missing one); a list allows exactly those origins; `undefined` is the
 * development default: any `http://localhost:*` and `http://127.0.0.1:*`.
 */

export type AllowedOrigins = readonly string[] | '*' | undefined;

/** Parses `SERMO_ALLOWED_ORIGINS`: a comma list of origins, or `*`. Empty or unset = dev default. */
export function parseAllowedOrigins(value: string | undefined): AllowedOrigins {
  if (value === undefined || value.trim() === '') return undefined;
  if (value.trim() === '*') return '*';
  return value
    .split(',')
    .map((origin) => normaliseOrigin(origin.trim()))
    .filter((origin) => origin !== '');
}

/** Whether a request with this `Origin` header may open a customer socket or read an image response. */
export function isOriginAllowed(origin: string | undefined, allowed: AllowedOrigins): boolean {
  if (allowed === '*') return true;
  if (origin === undefined || origin === '' || origin === 'null') return false;
  if (allowed === undefined) return isLocalDevOrigin(origin);
  return allowed.includes(normaliseOrigin(origin));
}

/** Dev default: plain http on localhost or 127.0.0.1, any port. */
function isLocalDevOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

/** Origins compare as browsers send them: lower-case scheme and host, no trailing slash. */
function normaliseOrigin(origin: string): string {
  return origin.replace(/\/+$/, '').toLowerCase();
}
