/**
 * Static files from one folder (`SERMO_STATIC`, or `dist/` and the demo under `npm start`).
 * `/` and any path ending in `/` serve that folder's `index.html`. A request can never reach outside
 * the folder: `..` segments, encoded or not, and symbolic links pointing out are refused.
 */

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/** Maps a URL path to a file inside `root`, or the status to answer instead. */
export async function resolveStaticPath(root: string, urlPath: string): Promise<Resolved> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  if (decoded.split('/').includes('..')) return { ok: false, status: 403 };
  const realRoot = await realpath(root).catch(() => null);
  if (realRoot === null) return { ok: false, status: 404 };
  let file = resolve(join(realRoot, decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  let real = await realpath(file).catch(() => null);
  if (real === null) return { ok: false, status: 404 };
  // A directory without a trailing slash still serves its index.
  const info = await stat(real).catch(() => null);
  if (info?.isDirectory()) {
    file = join(real, 'index.html');
    real = await realpath(file).catch(() => null);
    if (real === null) return { ok: false, status: 404 };
  }
  if (!real.startsWith(realRoot + sep)) return { ok: false, status: 403 };
  return { ok: true, file: real };
}

/** Answers a GET or HEAD for a static file. */
export async function serveStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const resolved = await resolveStaticPath(root, urlPath);
  if (!resolved.ok) {
    res.writeHead(resolved.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${resolved.status}\n`);
    return;
  }
  const info = await stat(resolved.file).catch(() => null);
  if (!info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404\n');
    return;
  }
  res.writeHead(200, {
    'content-type': contentTypeFor(resolved.file),
    'content-length': info.size,
    'x-content-type-options': 'nosniff',
    // Hashed assets could be cached forever, but the stable names (sermo.js, widget.html) must not be.
    'cache-control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(resolved.file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
