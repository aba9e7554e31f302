/**
 * The HTTP side of images (DESIGN §6): `POST /images`, `GET /images/<id>` and their CORS.
 *
 * Who may upload: an application with `?apiKey=`, or a customer naming, in `X-Sermo-User`, a userId that has
 * an open customer socket (DESIGN §6.2: the Origin header is not proof of anything; it decides CORS only,
 * following the customer socket's origin rule). What anyone may make the broker hold is bounded: uploads in
 * flight per client address and in all, bytes counted as they stream, a quota per conversation, and a store
 * that evicts only the uploader's own images.
 * Reads need no credentials: ids are unguessable, and `<img>` on another origin must be able to load them.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { own, parseJsonObject } from '../protocol/index.ts';
import { type ClientInfo, proxyHint } from './client-address.ts';
import type { ImageShelf } from './exchange.ts';
import { decodeImage } from './images.ts';
import { type BrokerLimits, CountPerKey } from './limits.ts';
import { userIdForLog } from './log-format.ts';
import { type AllowedOrigins, isOriginAllowed } from './origins.ts';
import type { RefusalLog } from './refusals.ts';

export type ImageLimits = Pick<
  BrokerLimits,
  'maxImageBytes' | 'maxUploadsPerIp' | 'maxUploads' | 'imagesPerConversation' | 'imageBytesPerConversation' | 'imageQuotaMs'
>;

export interface ImageRoutesOptions {
  /** Where images and each conversation's quota live: this process, or Redis for every node (§6.1). */
  shelf: ImageShelf;
  limits: ImageLimits;
  allowedOrigins: AllowedOrigins;
  /** The application identity of a valid key, or null. */
  applicationOf: (key: string) => string | null;
  hasCustomer: (userId: string) => Promise<boolean>;
  /** Where a request comes from (behind a trusted proxy, the forwarded address). */
  clientOf: (req: IncomingMessage) => ClientInfo;
  refusals: RefusalLog;
  log: (line: string) => void;
}

export interface ImageRoutes {
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
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

type BodyResult = { ok: true; body: string } | { ok: false; why: 'too large' | 'gone' };

/**
 * Reads a request body counting bytes as they stream (DESIGN §6.2): past `limit` it stops at once, holding
 * nothing more (the caller answers 413 and closes). A body that never finishes is cut by the server's
 * request deadline (HTTP 408, written by node:http), which ends here as `gone`.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: BodyResult) => {
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle({ ok: false, why: 'too large' });
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle({ ok: true, body: Buffer.concat(chunks).toString('utf8') }));
    req.once('close', () => settle({ ok: false, why: 'gone' }));
    req.once('error', () => settle({ ok: false, why: 'gone' }));
  });
}

/** Handles a request whose path is `/images` or under it. */
export function createImageRoutes(options: ImageRoutesOptions): ImageRoutes {
  const { limits, refusals, shelf } = options;
  const uploadsPerClient = new CountPerKey();
  let uploads = 0;
  // base64 is 4/3 of the bytes; a data URL prefix and the JSON around it are small.
  const bodyLimit = Math.ceil((limits.maxImageBytes * 4) / 3) + 4096;

  /** CORS headers for an allowed browser origin; none for others, so the browser withholds the response. */
  function corsHeaders(origin: string | undefined): Record<string, string> {
    if (origin === undefined || !isOriginAllowed(origin, options.allowedOrigins)) return {};
    return {
      'access-control-allow-origin': options.allowedOrigins === '*' ? '*' : origin,
      'access-control-expose-headers': 'Location',
      vary: 'Origin',
    };
  }

  /** The `image` field of the upload body, or null when there is none. */
  function imageField(body: string, maxBytes: number): string | null {
    const parsed = parseJsonObject(body, maxBytes);
    if (!parsed.ok) return null;
    const image = own(parsed.value, 'image');
    return typeof image === 'string' ? image : null;
  }

  type Uploader = { kind: 'application'; owner: string } | { kind: 'customer'; owner: string; userId: string };

  /** Who is uploading, or the refusal already answered. */
  async function uploader(req: IncomingMessage, res: ServerResponse, url: URL, cors: Record<string, string>): Promise<Uploader | null> {
    const apiKey = url.searchParams.get('apiKey');
    const userHeader = req.headers['x-sermo-user'];
    if (apiKey !== null) {
      const identity = options.applicationOf(apiKey);
      if (identity === null) {
        reply(res, 401, { error: 'unknown apiKey' }, cors);
        return null;
      }
      return { kind: 'application', owner: `app:${identity}` };
    }
    if (typeof userHeader === 'string') {
      // The Origin only decides CORS; what authorises a customer is a conversation with an open socket.
      if (!isOriginAllowed(req.headers.origin, options.allowedOrigins)) {
        reply(res, 403, { error: 'origin not allowed' }, cors);
        return null;
      }
      if (!(await options.hasCustomer(userHeader))) {
        reply(res, 403, { error: 'no connected conversation for X-Sermo-User' }, cors);
        return null;
      }
      return { kind: 'customer', owner: `conversation:${userHeader}`, userId: userHeader };
    }
    reply(res, 401, { error: 'apiKey or X-Sermo-User required' }, cors);
    return null;
  }

  function refuse(res: ServerResponse, status: number, error: string, limit: string, client: ClientInfo, cors: Record<string, string>, who = '') {
    refusals.write(
      `upload ${limit} ${client.key}`,
      `upload refused: ${status} ${error} (${limit})${who} ip=${client.address}${status === 429 ? proxyHint(client) : ''}`,
    );
    reply(res, status, { error }, cors);
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL, cors: Record<string, string>) {
    // Until its body has been read, an upload refused is answered and its connection closed: node:http would
    // otherwise read and discard the unread body (a trickled one for as long as the client likes) to reuse it.
    res.setHeader('connection', 'close');
    const who = await uploader(req, res, url, cors);
    if (who === null) return;
    const client = options.clientOf(req);
    const forLog = who.kind === 'customer' ? ` userId=${userIdForLog(who.userId)}` : ` by ${who.kind}`;
    if (uploads >= limits.maxUploads) {
      return refuse(res, 429, `more than ${limits.maxUploads} uploads in flight`, 'SERMO_MAX_UPLOADS', client, cors);
    }
    if (!uploadsPerClient.tryAcquire(client.key, limits.maxUploadsPerIp)) {
      return refuse(res, 429, `more than ${limits.maxUploadsPerIp} uploads in flight from this address`, 'SERMO_MAX_UPLOADS_PER_IP', client, cors);
    }
    uploads += 1;
    res.once('close', () => {
      uploads -= 1;
      uploadsPerClient.release(client.key);
    });
    const minutes = limits.imageQuotaMs / 60_000;
    const tooMany = () => {
      const error = `more than ${limits.imagesPerConversation} images from this conversation in ${minutes} minutes`;
      refuse(res, 429, error, 'SERMO_IMAGES_PER_CONVERSATION', client, cors, forLog);
    };
    // A cheap first look before any byte is read; the quota is checked for good as the image is stored.
    if (who.kind === 'customer' && (await shelf.uploadsOf(who.userId)) >= limits.imagesPerConversation) return tooMany();
    const tooLarge = () => {
      refuse(res, 413, `image is larger than ${limits.maxImageBytes} bytes`, 'SERMO_MAX_IMAGE_BYTES', client, cors, forLog);
    };
    if (Number(req.headers['content-length'] ?? 0) > bodyLimit) return tooLarge();
    const read = await readBody(req, bodyLimit);
    if (!read.ok) return read.why === 'too large' ? tooLarge() : undefined;
    res.removeHeader('connection');
    const image = imageField(read.body, bodyLimit);
    if (image === null) return reply(res, 400, { error: 'expected JSON {"image": "<base64 or data URL>"}' }, cors);
    const decoded = decodeImage(image, limits.maxImageBytes);
    if (!decoded.ok) return reply(res, decoded.status, { error: decoded.reason }, cors);
    const size = decoded.image.bytes.length;
    const stored = await shelf.put(who.owner, who.kind === 'customer' ? who.userId : null, decoded.image);
    if (!stored.ok) {
      if (stored.why === 'images') return tooMany();
      if (stored.why === 'bytes') {
        const error = `more than ${limits.imageBytesPerConversation} bytes of images from this conversation in ${minutes} minutes`;
        return refuse(res, 429, error, 'SERMO_IMAGE_BYTES_PER_CONVERSATION', client, cors, forLog);
      }
      return refuse(res, 507, 'the image store is full', 'SERMO_IMAGE_STORE_BYTES', client, cors, forLog);
    }
    options.log(`image stored: ${decoded.image.type} ${size} bytes${forLog}`);
    reply(res, 201, { id: stored.id }, { ...cors, location: `/images/${stored.id}` });
  }

  async function serve(req: IncomingMessage, res: ServerResponse, id: string, cors: Record<string, string>) {
    const image = await shelf.get(id);
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

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
  }

  return { handle };
}
