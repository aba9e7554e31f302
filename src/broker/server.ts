/**
 * The reference broker's wiring (DESIGN §6): one HTTP server carrying the two WebSocket endpoints,
 * `/healthz`, `/images` and static files. The decisions live in the modules it wires: `hub.ts` (what
 * happens to a frame), `conversation-store.ts` and `memory-store.ts` (per-conversation state), `routing.ts`,
 * `limits.ts`, `client-address.ts`, `origins.ts`, `image-routes.ts`, `static.ts`, `webhooks.ts`, `health.ts`.
 *
 * What anyone on the internet may make it hold is bounded here, at the door (DESIGN §6.2): node:http's
 * header and request deadlines (408), a cap on all connections, and connections per client address counted
 * from accept (429). Refusals on the upgrade are HTTP statuses before any WebSocket exists: 401 (application
 * apiKey), 403 (customer Origin), 429 (customer sockets per forwarded client address), 404 (other paths).
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  addressKey,
  type ClientInfo,
  clientAddress,
  isTrustedProxy,
  normaliseAddress,
  proxyHint,
  type TrustedProxies,
} from './client-address.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { Exchange } from './exchange.ts';
import { clusterHealth, healthReport } from './health.ts';
import { type ConnectionHandle, createHub } from './hub.ts';
import { createImageRoutes } from './image-routes.ts';
import { type BrokerLimits, CountPerKey, DEFAULT_LIMITS } from './limits.ts';
import { createLocalExchange } from './local-exchange.ts';
import { createLocalImageShelf } from './local-images.ts';
import { createMemoryStore } from './memory-store.ts';
import { type AllowedOrigins, isOriginAllowed } from './origins.ts';
import { createRefusalLog } from './refusals.ts';
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
  /** Proxies whose `X-Forwarded-For` names the client (`SERMO_TRUSTED_PROXIES`); default none. */
  trustedProxies?: TrustedProxies;
  /** Where per-conversation state lives; default this process's memory (`memory-store.ts`). */
  store?: ConversationStore;
  /**
   * Cluster mode (DESIGN §6.1, `SERMO_REDIS_URL`): conversations, fan-out, images and presence in Redis,
   * shared by every node. The Redis client is loaded only then.
   */
  cluster?: { redisUrl: string; node: string };
  /** One line per connection event and refusal; never message text. Default: stdout. */
  log?: (line: string) => void;
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

/**
 * The application identity of a key, or null for an unknown one. Compares by hash with a constant-time check,
 * so response timing does not reveal a key's prefix. The identity (a prefix of the key's hash) is the same
 * for every socket of that key, across reconnects and processes: applications' ids are deduped by it.
 */
function keyChecker(apiKeys: readonly string[]): (candidate: string) => string | null {
  const digest = (key: string) => createHash('sha256').update(key).digest();
  const known = apiKeys.filter((key) => key !== '').map(digest);
  return (candidate) => {
    const probe = digest(candidate);
    let found: Buffer | null = null;
    for (const key of known) if (timingSafeEqual(key, probe)) found = key;
    return found === null ? null : found.subarray(0, 12).toString('base64url');
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

/** A bare HTTP answer written straight to a socket node:http has not handed a request for (yet), then closed. */
function answerAndClose(socket: Socket, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

/** How often node:http looks for connections past their deadline: often enough to keep each within a quarter. */
function checkingInterval(limits: BrokerLimits): number {
  return Math.max(50, Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
}

export async function startBroker(options: BrokerOptions): Promise<Broker> {
  const limits: BrokerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.log ?? ((line: string) => console.log(line));
  const allowedOrigins: AllowedOrigins = options.allowedOrigins;
  const trusted = options.trustedProxies ?? null;
  const applicationOf = keyChecker(options.apiKeys);
  const startedAt = Date.now();
  const refusals = createRefusalLog(log, Date.now);

  const webhook = options.webhook
    ? createWebhookSender({
        ...options.webhook,
        timeoutMs: limits.webhookTimeoutMs,
        concurrency: limits.webhookConcurrency,
        maxWaiting: limits.webhookQueue,
        log,
      })
    : null;
  const exchange: Exchange = options.cluster
    ? await (await import('./redis/redis-exchange.ts')).createRedisExchange({ ...options.cluster, limits, log })
    : createLocalExchange(options.store ?? createMemoryStore(limits), createLocalImageShelf(limits));
  const cluster = exchange.cluster;
  const hub = createHub({
    limits,
    exchange,
    log,
    refusals,
    onSession: (payload) => webhook?.send(payload),
    onApplicationsChanged: () => cluster?.applicationsChanged(healthReport(startedAt, Date.now(), 0, hub.applications()).applications),
  });
  // DESIGN §6.1: while Redis is unreachable, every socket is closed with 1013 (the widget comes back later or
  // through the load balancer to another node) and upgrades are refused with 503.
  cluster?.onRedisChange((state) => {
    if (state === 'down') log(`redis down: closed ${hub.closeAll(1013, 'redis unavailable')} sockets with 1013; refusing upgrades with 503`);
    else log('redis back: accepting sockets again');
  });
  /** Connections per client address, from accept (peers that are not trusted proxies). */
  const connectionsPerAddress = new CountPerKey();
  /** Customer sockets per forwarded client address (peers that are trusted proxies). */
  const socketsPerForwardedClient = new CountPerKey();
  /** Frees a connection's per-address slot (once); applications, once authenticated, are not counted. */
  const releaseSlot = new WeakMap<Duplex, () => void>();
  /** Address keys whose requests carried an untrusted X-Forwarded-For lately: they get the proxy hint. */
  const forwardedSeen = new Set<string>();

  /** Where a request comes from: the peer, or behind a trusted proxy the forwarded client (DESIGN §6.2). */
  function clientOf(req: IncomingMessage): ClientInfo {
    const peer = req.socket.remoteAddress ?? '';
    const forwarded = req.headers['x-forwarded-for'];
    const address = clientAddress(peer, forwarded, trusted);
    const untrustedForward = forwarded !== undefined && !isTrustedProxy(peer, trusted);
    const key = addressKey(address);
    if (untrustedForward) {
      if (forwardedSeen.size >= 10_000) forwardedSeen.clear();
      forwardedSeen.add(key);
    }
    return { address, key, untrustedForward };
  }

  const images = createImageRoutes({
    shelf: exchange.images,
    limits,
    allowedOrigins,
    applicationOf,
    // A socket of this node, or (cluster mode) of another one.
    hasCustomer: async (userId) => hub.hasCustomer(userId) || (await exchange.hasCustomer(userId)),
    clientOf,
    refusals,
    log,
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://broker.invalid');
    const path = url.pathname;
    if (path === '/healthz') {
      const report = healthReport(startedAt, Date.now(), hub.customerCount(), hub.applications());
      const webhooksDropped = webhook?.dropped() ?? 0;
      const { status, body } = cluster
        ? await clusterHealth(report, cluster, webhooksDropped)
        : { status: 200, body: { ...report, ...exchange.stats(), webhooksDropped } };
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
      return;
    }
    if (path === '/images' || path.startsWith('/images/')) return images.handle(req, res, url);
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

  /** The response under way on each socket: a deadline hit after it began must not write into it. */
  const responding = new Map<Socket, ServerResponse>();

  const server = createServer(
    {
      // DESIGN §6.2: headers within 10 s, the whole request within 30 s, else 408 (node:http writes it).
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: checkingInterval(limits),
    },
    (req, res) => {
      if (shuttingDown) res.setHeader('connection', 'close');
      inFlight.add(res);
      responding.set(req.socket, res);
      res.on('close', () => {
        inFlight.delete(res);
        responding.delete(req.socket);
        if (inFlight.size === 0) onDrained?.();
      });
      handleRequest(req, res).catch((error: unknown) => {
        log(`http error: ${error instanceof Error ? error.message : 'unknown'} ${req.method} ${req.url}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.on('drop', (dropped?: { remoteAddress?: string }) => {
    refusals.write(
      'max connections',
      `connection refused: more than ${limits.maxConnections} open connections (SERMO_MAX_CONNECTIONS) ip=${dropped?.remoteAddress ?? '-'}`,
    );
  });

  // Counted from accept, before any request or upgrade: a connection that never sends one still counts.
  server.on('connection', (socket: Socket) => {
    const peer = normaliseAddress(socket.remoteAddress ?? '');
    if (peer === '') return socket.destroy();
    // A trusted proxy carries many clients; they are counted by their forwarded address when they upgrade.
    if (isTrustedProxy(peer, trusted)) return;
    const key = addressKey(peer);
    if (!connectionsPerAddress.tryAcquire(key, limits.maxCustomerSocketsPerIp)) {
      const hint = proxyHint({ untrustedForward: forwardedSeen.has(key) });
      refusals.write(
        `connections ${key}`,
        `connection refused: 429 more than ${limits.maxCustomerSocketsPerIp} connections from this address (SERMO_MAX_SOCKETS_PER_IP) ip=${peer}${hint}`,
      );
      return answerAndClose(socket, 429);
    }
    let counted = true;
    const release = () => {
      if (counted) connectionsPerAddress.release(key);
      counted = false;
    };
    releaseSlot.set(socket, release);
    socket.once('close', release);
  });

  // Replaces node:http's own handling (which writes the same statuses) to log deadlines by address.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code?.startsWith('HPE_') ? 400 : 0;
    if (status === 408) {
      const peer = normaliseAddress(socket.remoteAddress ?? '-');
      refusals.write(
        `deadline ${addressKey(peer)}`,
        `connection refused: 408 request not received within ${limits.headersTimeoutMs} ms for headers or ${limits.requestTimeoutMs} ms in all (SERMO_HEADERS_TIMEOUT_MS, SERMO_REQUEST_TIMEOUT_MS) ip=${peer}`,
      );
    }
    if (status === 0 || !socket.writable || responding.get(socket)?.headersSent) return socket.destroy();
    answerAndClose(socket, status);
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
    if (cluster?.redis() === 'down') return refuseUpgrade(socket, 503, 'redis unavailable: try another node or later');
    const url = new URL(req.url ?? '/', 'http://broker.invalid');
    const client = clientOf(req);
    const ip = client.address;
    if (url.pathname === '/ws') {
      const origin = req.headers.origin;
      if (!isOriginAllowed(origin, allowedOrigins)) {
        refusals.write(`origin ${client.key}`, `customer refused: 403 origin=${origin ?? '-'} ip=${ip}`);
        return refuseUpgrade(socket, 403, 'origin not allowed');
      }
      // Direct peers are already counted from accept; behind a trusted proxy, count the forwarded client.
      const forwarded = isTrustedProxy(req.socket.remoteAddress ?? '', trusted);
      if (forwarded && !socketsPerForwardedClient.tryAcquire(client.key, limits.maxCustomerSocketsPerIp)) {
        refusals.write(
          `sockets ${client.key}`,
          `customer refused: 429 more than ${limits.maxCustomerSocketsPerIp} sockets from this address (SERMO_MAX_SOCKETS_PER_IP) ip=${ip}`,
        );
        return refuseUpgrade(socket, 429, 'too many connections from this address');
      }
      const release = () => {
        if (forwarded) socketsPerForwardedClient.release(client.key);
      };
      let attached = false;
      // ws answers a malformed handshake itself and never calls back; the reserved slot is then freed here.
      socket.once('close', () => {
        if (!attached) release();
      });
      wss.handleUpgrade(req, socket, head, (ws) => {
        attached = true;
        log(`customer open: origin=${origin ?? '-'} ip=${ip}`);
        attach(ws, hub.addCustomer(ws, client), release);
      });
      return;
    }
    if (url.pathname === '/ws/app') {
      const key = url.searchParams.get('apiKey');
      const identity = key === null ? null : applicationOf(key);
      if (identity === null) {
        const reason = key === null ? 'no apiKey' : 'unknown apiKey';
        refusals.write(`${reason} ${client.key}`, `application refused: 401 ${reason} ip=${ip}`);
        return refuseUpgrade(socket, 401, 'apiKey missing or unknown');
      }
      // An application is not an anonymous client: its connection stops counting against its address.
      releaseSlot.get(socket)?.();
      wss.handleUpgrade(req, socket, head, (ws) => {
        attach(ws, hub.addApplication(ws, ip, identity), () => undefined);
      });
      return;
    }
    refuseUpgrade(socket, 404, 'no WebSocket endpoint here');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      webhook?.close();
      void exchange.close();
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
  const sweep = setInterval(() => {
    hub.sweep();
    exchange.images.sweep();
    forwardedSeen.clear();
  }, Math.min(60_000, limits.conversationIdleMs));
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
    await exchange.close();
  }

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    dropCustomerSockets: (userId) => hub.dropCustomerSockets(userId),
    close: () => (closing ??= close()),
  };
}
