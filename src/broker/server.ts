/**
 * The reference broker's wiring (DESIGN §6): one HTTP server carrying the two WebSocket endpoints,
 * `/healthz`, `/images` and static files. The decisions live in the modules it wires: `hub.ts` (what
 * happens to a frame), `routing.ts`, `limits.ts`, `origins.ts`, `image-routes.ts`, `static.ts`,
 * `webhooks.ts`, `health.ts`.
 *
 * Refusals at the door are HTTP statuses on the upgrade, before any WebSocket exists: 401 (application
 * apiKey), 403 (customer Origin), 429 (customer sockets per IP), 404 (other paths).
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveDevApiKey } from './dev-key.ts';
import { healthReport } from './health.ts';
import { type ConnectionHandle, createHub } from './hub.ts';
import { createImageRoutes } from './image-routes.ts';
import { ImageStore } from './images.ts';
import { type BrokerLimits, CountPerKey, DEFAULT_LIMITS } from './limits.ts';
import { type AllowedOrigins, isOriginAllowed } from './origins.ts';
import { serveStatic } from './static.ts';
import { createWebhookSender } from './webhooks.ts';

export type { BrokerLimits } from './limits.ts';

export interface BrokerOptions {
  /** 0 = any free port; default 8080. */
  port?: number;
  /** Default `127.0.0.1`: a development broker is not reachable from the network unless asked. */
  host?: string;
  apiKeys: string[];
  /** `undefined` = dev default (any `http://localhost:*` and `http://127.0.0.1:*`). */
  allowedOrigins?: readonly string[] | '*';
  staticDir?: string;
  webhook?: { url: string; secret: string; retryDelaysMs?: number[] };
  limits?: Partial<BrokerLimits>;
  /** One line per connection event and refusal; never message text. Default: stdout. */
  log?: (line: string) => void;
  /** Demo only: served at `GET /dev-api-key` to loopback requests, so the console on localhost fills it in. */
  devApiKey?: string;
}

export interface Broker {
  /** http://host:port */
  url: string;
  port: number;
  /** Simulates a connection-layer restart for tests: terminate customer sockets (of one userId, or all). Returns how many. */
  dropCustomerSockets(userId?: string): number;
  close(): Promise<void>;
}

/** How long sockets get to finish the closing handshake on shutdown before they are cut. */
const CLOSE_GRACE_MS = 2_000;
/** How long requests in flight get to finish on shutdown before their connections are cut. */
const HTTP_DRAIN_MS = 10_000;

/** Compares by hash with a constant-time check, so response timing does not reveal a key's prefix. */
function keyChecker(apiKeys: readonly string[]): (candidate: string) => boolean {
  const digest = (key: string) => createHash('sha256').update(key).digest();
  const known = apiKeys.filter((key) => key !== '').map(digest);
  return (candidate) => {
    const probe = digest(candidate);
    let found = false;
    for (const key of known) if (timingSafeEqual(key, probe)) found = true;
    return found;
  };
}

/** Answers an upgrade request with a plain HTTP status and closes the TCP connection. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function remoteIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

export async function startBroker(options: BrokerOptions): Promise<Broker> {
  const limits: BrokerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => console.log(line));
  const allowedOrigins: AllowedOrigins = options.allowedOrigins;
  const isApiKey = keyChecker(options.apiKeys);
  const startedAt = Date.now();

  const webhook = options.webhook
    ? createWebhookSender({ ...options.webhook, log })
    : null;
  const hub = createHub({ limits, log, onSession: (payload) => webhook?.send(payload) });
  const socketsPerIp = new CountPerKey();
  const images = createImageRoutes({
    store: new ImageStore(limits.imageStoreBytes),
    maxImageBytes: limits.maxImageBytes,
    allowedOrigins,
    isApiKey,
    hasCustomer: hub.hasCustomer,
    log,
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://broker.invalid');
    const path = url.pathname;
    if (path === '/healthz') {
      const body = JSON.stringify(healthReport(startedAt, Date.now(), hub.customerCount(), hub.applications()));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    if (path === '/images' || path.startsWith('/images/')) return images(req, res, url);
    if (path === '/dev-api-key') return serveDevApiKey(options.devApiKey, req, res);
    if (path === '/ws' || path === '/ws/app') {
      res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' }).end('WebSocket only\n');
      return;
    }
    if (options.staticDir !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      return serveStatic(options.staticDir, path, req, res);
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404\n');
  }

  /** Responses not yet finished: on shutdown they are told to close their connection when done. */
  const inFlight = new Set<ServerResponse>();
  /** Set during shutdown: called when the last request in flight has finished. */
  let onDrained: (() => void) | undefined;
  let shuttingDown = false;

  const server = createServer((req, res) => {
    if (shuttingDown) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) onDrained?.();
    });
    handleRequest(req, res).catch((error: unknown) => {
      log(`http error: ${error instanceof Error ? error.message : 'unknown'} ${req.method} ${req.url}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });

  // ws closes a socket whose frame exceeds maxPayload with 1009 itself (DESIGN §6 frame limit).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, clientTracking: false });

  /** Every open socket, for the ping and for shutdown; `closed` settles when its 'close' event ran. */
  const live = new Map<WebSocket, { alive: boolean; closed: Promise<void> }>();

  function attach(ws: WebSocket, handle: ConnectionHandle, onGone: () => void): void {
    const entry = {
      alive: true,
      closed: new Promise<void>((resolve) => {
        ws.on('close', (code) => {
          live.delete(ws);
          handle.onClose(code);
          onGone();
          resolve();
        });
      }),
    };
    live.set(ws, entry);
    ws.on('message', (data, isBinary) => {
      // The protocol is one JSON object per text frame; a binary frame is treated like bad text.
      handle.onFrame(isBinary ? '' : data.toString());
    });
    ws.on('pong', () => {
      entry.alive = true;
    });
    ws.on('error', () => {
      // A protocol error (such as a frame over maxPayload) is followed by 'close' with the code; nothing to add.
    });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (shuttingDown) return refuseUpgrade(socket, 503, 'shutting down');
    const url = new URL(req.url ?? '/', 'http://broker.invalid');
    const ip = remoteIp(req);
    if (url.pathname === '/ws') {
      const origin = req.headers.origin;
      if (!isOriginAllowed(origin, allowedOrigins)) {
        log(`customer refused: 403 origin=${origin ?? '-'} ip=${ip}`);
        return refuseUpgrade(socket, 403, 'origin not allowed');
      }
      if (!socketsPerIp.tryAcquire(ip, limits.maxCustomerSocketsPerIp)) {
        log(`customer refused: 429 more than ${limits.maxCustomerSocketsPerIp} sockets ip=${ip}`);
        return refuseUpgrade(socket, 429, 'too many connections from this address');
      }
      let attached = false;
      // ws answers a malformed handshake itself and never calls back; the reserved slot is then freed here.
      socket.once('close', () => {
        if (!attached) socketsPerIp.release(ip);
      });
      wss.handleUpgrade(req, socket, head, (ws) => {
        attached = true;
        log(`customer open: origin=${origin ?? '-'} ip=${ip}`);
        attach(ws, hub.addCustomer(ws, ip), () => socketsPerIp.release(ip));
      });
      return;
    }
    if (url.pathname === '/ws/app') {
      const key = url.searchParams.get('apiKey');
      if (key === null || !isApiKey(key)) {
        log(`application refused: 401 ${key === null ? 'no apiKey' : 'unknown apiKey'} ip=${ip}`);
        return refuseUpgrade(socket, 401, 'apiKey missing or unknown');
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        attach(ws, hub.addApplication(ws, ip), () => undefined);
      });
      return;
    }
    refuseUpgrade(socket, 404, 'no WebSocket endpoint here');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      webhook?.close();
      reject(error);
    });
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Liveness: a socket that did not answer the previous ping is dead (say, a laptop that slept) and would
  // otherwise hold its per-IP slot forever. The only walk over every socket, once per period.
  const ping = setInterval(() => {
    for (const [ws, entry] of live) {
      if (!entry.alive) {
        ws.terminate();
        continue;
      }
      entry.alive = false;
      ws.ping();
    }
  }, limits.pingIntervalMs);
  const sweep = setInterval(() => hub.sweep(), Math.min(60_000, limits.conversationIdleMs));
  ping.unref();
  sweep.unref();

  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the broker is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    clearInterval(ping);
    clearInterval(sweep);
    webhook?.close();
    // Stop accepting; requests in flight finish (and then close their connection), idle ones close now.
    shuttingDown = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // 1001 "going away": the widget reconnects elsewhere or later (RFC 6455 §7.4.1).
    const open = [...live];
    for (const [ws] of open) ws.close(1001, 'server shutting down');
    const socketsClosed = Promise.all(open.map(([, entry]) => entry.closed));
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([socketsClosed, new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(grace);
    for (const [ws] of live) ws.terminate();
    await socketsClosed;
    // Requests in flight may finish (an upload, say); then every connection goes, including ones that never
    // sent a request (browsers open spare connections ahead of use), which closeIdleConnections leaves open.
    if (inFlight.size > 0) {
      let drainTimer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (onDrained = resolve)),
        new Promise<void>((resolve) => (drainTimer = setTimeout(resolve, HTTP_DRAIN_MS))),
      ]);
      clearTimeout(drainTimer);
    }
    server.closeAllConnections();
    await httpClosed;
  }

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    dropCustomerSockets: (userId) => hub.dropCustomerSockets(userId),
    close: () => (closing ??= close()),
  };
}
