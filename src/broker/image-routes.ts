/**
 * The HTTP side of images (DESIGN §6): `POST /images`, `GET /images/<id>` and their CORS.
 *
 * Who may upload: an application with `?apiKey=`, or a customer naming, in `X-Sermo-User`, a userId that has
 * an open customer socket. The widget uploads from the iframe's origin, so customer uploads follow the
 * customer socket's origin rule, and CORS headers are given to allowed origins only.
 * Reads need no credentials: ids are unguessable, and `<img>` on another origin must be able to load them.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { own, parseJsonObject } from '../protocol/index.ts';
import { decodeImage, type ImageStore } from './images.ts';
import { type AllowedOrigins, isOriginAllowed } from './origins.ts';

export interface ImageRoutesOptions {
  store: ImageStore;
  maxImageBytes: number;
  allowedOrigins: AllowedOrigins;
  isApiKey: (key: string) => boolean;
  hasCustomer: (userId: string) => boolean;
  log: (line: string) => void;
}

const ID_PATH = /^\/images\/([A-Za-z0-9_-]{1,64})$/;

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Handles a request whose path is `/images` or under it. */
export function createImageRoutes(options: ImageRoutesOptions) {
  /** CORS headers for an allowed browser origin; none for others, so the browser withholds the response. */
  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (origin === undefined || !isOriginAllowed(origin, options.allowedOrigins)) return {};
    return {
      'access-control-allow-origin': options.allowedOrigins === '*' ? '*' : origin,
      'access-control-expose-headers': 'Location',
      vary: 'Origin',
    };
  }

  /**
   * Reads the body up to `limit` bytes; null when it is larger (the rest is drained, not buffered, and the
   * connection closed after the answer).
   */
  function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) tooLarge = true;
        if (!tooLarge) chunks.push(chunk);
      });
      req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  /** The `image` field of the upload body, or null when there is none. */
  function imageField(body: string, maxBytes: number): string | null {
    const parsed = parseJsonObject(body, maxBytes);
    if (!parsed.ok) return null;
    const image = own(parsed.value, 'image');
    return typeof image === 'string' ? image : null;
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL, cors: Record<string, string>) {
    const apiKey = url.searchParams.get('apiKey');
    const userHeader = req.headers['x-sermo-user'];
    const userId = typeof userHeader === 'string' ? userHeader : undefined;
    let who: string;
    if (apiKey !== null) {
      if (!options.isApiKey(apiKey)) return reply(res, 401, { error: 'unknown apiKey' }, cors);
      who = 'application';
    } else if (userId !== undefined) {
      if (!isOriginAllowed(req.headers.origin, options.allowedOrigins)) {
        return reply(res, 403, { error: 'origin not allowed' }, cors);
      }
      if (!options.hasCustomer(userId)) return reply(res, 403, { error: 'no connected conversation for X-Sermo-User' }, cors);
      who = 'customer';
    } else {
      return reply(res, 401, { error: 'apiKey or X-Sermo-User required' }, cors);
    }
    // base64 is 4/3 of the bytes; a data URL prefix and the JSON around it are small.
    const bodyLimit = Math.ceil((options.maxImageBytes * 4) / 3) + 4096;
    const body = await readBody(req, bodyLimit);
    if (body === null) {
      res.setHeader('connection', 'close');
      return reply(res, 413, { error: `image is larger than ${options.maxImageBytes} bytes` }, cors);
    }
    const image = imageField(body, bodyLimit);
    if (image === null) return reply(res, 400, { error: 'expected JSON {"image": "<base64 or data URL>"}' }, cors);
    const decoded = decodeImage(image, options.maxImageBytes);
    if (!decoded.ok) return reply(res, decoded.status, { error: decoded.reason }, cors);
    const id = options.store.add(decoded.image);
    options.log(`image stored: ${decoded.image.type} ${decoded.image.bytes.length} bytes by ${who}`);
    reply(res, 201, { id }, { ...cors, location: `/images/${id}` });
  }

  function serve(req: IncomingMessage, res: ServerResponse, id: string, cors: Record<string, string>) {
    const image = options.store.get(id);
    if (image === undefined) return reply(res, 404, { error: 'no such image' }, cors);
    res.writeHead(200, {
      ...cors,
      'content-type': image.type,
      'content-length': String(image.bytes.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      // The widget shows it from another origin; CORP would otherwise let a site block that.
      'cross-origin-resource-policy': 'cross-origin',
      // Ids are never reused, so the bytes behind one never change.
      'cache-control': 'public, max-age=31536000, immutable',
    });
    res.end(req.method === 'HEAD' ? undefined : image.bytes);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const cors = corsHeaders(req.headers.origin);
    const idMatch = ID_PATH.exec(url.pathname);
    const isCollection = url.pathname === '/images';
    if (!isCollection && idMatch === null) return reply(res, 404, { error: 'not found' });
    if (req.method === 'OPTIONS') {
      if (Object.keys(cors).length === 0) return reply(res, 403, { error: 'origin not allowed' });
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
        'access-control-allow-headers': 'Content-Type, X-Sermo-User',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (isCollection && req.method === 'POST') return upload(req, res, url, cors);
    if (idMatch !== null && (req.method === 'GET' || req.method === 'HEAD')) return serve(req, res, idMatch[1]!, cors);
    reply(res, 405, { error: 'method not allowed' }, { ...cors, allow: isCollection ? 'POST, OPTIONS' : 'GET, HEAD, OPTIONS' });
  };
}
