import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  close(): Promise<void>;
}

/**
 * A tiny static server for host pages in tests: serves `root`, plus `pages` given inline (path -> html,
 * with extra headers such as a Content-Security-Policy), with `headers` on every answer (CORS, as a CDN).
 */
export async function startStaticServer(options: {
  root?: string;
  host?: string;
  pages?: Record<string, { body: string; headers?: Record<string, string> }>;
  headers?: Record<string, string>;
}): Promise<StaticServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const page = options.pages?.[path];
    if (page) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, ...page.headers });
      res.end(page.body);
      return;
    }
    if (!options.root) {
      res.writeHead(404).end();
      return;
    }
    const file = normalize(join(options.root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(normalize(options.root) + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no port');
  return {
    origin: `http://${host}:${address.port}`,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
