/**
 * Test clients for the broker's integration tests (and e2e fixtures that want to play an application):
 * a real `ws` socket whose received frames queue up, so a test awaits them in order.
 *
 * Tests prove that something was *not* delivered without sleeping: the same sender sends a second event
 * that must arrive, and the receiver's next frame has to be that one (the broker handles a socket's frames
 * in order, and routes each before reading the next).
 */

import { afterEach } from 'vitest';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { type Broker, type BrokerOptions, startBroker } from './server.ts';

export type Frame = Record<string, unknown>;

const WAIT_MS = 3_000;

export class TestClient {
  private readonly queue: Frame[] = [];
  private waiting: { resolve: (frame: Frame) => void; reject: (error: Error) => void } | null = null;
  /** Settles with the close code and reason once the socket is closed. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame; // test code: frames here come from our own broker
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = null;
        resolve(frame);
      } else {
        this.queue.push(frame);
      }
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.waiting?.reject(new Error(`socket closed (${code} ${reason.toString()}) while waiting for a frame`));
        this.waiting = null;
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static connect(url: string, headers: Record<string, string> = {}, options: { autoPong?: boolean } = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers, ...options });
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (req, res) => {
        req.destroy();
        reject(new UpgradeRefused(res.statusCode ?? 0));
      });
      ws.once('error', reject);
    });
  }

  send(frame: Frame | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame received (already queued or still to come). */
  next(): Promise<Frame> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`no frame within ${WAIT_MS} ms`));
      }, WAIT_MS);
      this.waiting = {
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** The next frame that is not an ack (acks are checked by their own tests). */
  async nextEvent(): Promise<Frame> {
    for (;;) {
      const frame = await this.next();
      if (frame['type'] !== 'ack') return frame;
    }
  }

  /** Frames received and not yet taken. */
  pending(): Frame[] {
    return [...this.queue];
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    return this.closed;
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The HTTP status an upgrade gets (101 when accepted; the socket is then closed again). */
export async function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const client = await TestClient.connect(url, headers);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request: the path is sent exactly as given (no normalising of `..`). */
export function httpRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<HttpResult> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An origin the dev default allows, for customer sockets. */
export const DEV_ORIGIN = 'http://localhost:5173';
export const APP_KEY = 'test-app-key';

export interface TestBroker {
  broker: Broker;
  /** Every log line the broker wrote. */
  logs: string[];
  /** A customer socket, not yet bound to a userId. */
  customerSocket(headers?: Record<string, string>): Promise<TestClient>;
  /** A customer socket bound to `userId` by a heartbeat whose ack has arrived (applications see the heartbeat). */
  customer(userId: string): Promise<TestClient>;
  application(key?: string): Promise<TestClient>;
  close(): Promise<void>;
}

/** A broker on a free port with a known API key and a captured log. */
export async function startTestBroker(overrides: Partial<BrokerOptions> = {}): Promise<TestBroker> {
  const logs: string[] = [];
  const broker = await startBroker({ port: 0, apiKeys: [APP_KEY], log: (line) => logs.push(line), ...overrides });
  const wsBase = broker.url.replace(/^http/, 'ws');
  let beat = 0;
  const customerSocket = (headers: Record<string, string> = { Origin: DEV_ORIGIN }) =>
    TestClient.connect(`${wsBase}/ws`, headers);
  return {
    broker,
    logs,
    customerSocket,
    async customer(userId) {
      const client = await customerSocket();
      const id = `bind-${userId}-${++beat}`;
      client.send({ type: 'heartbeat', direction: 'inbound', userId, id });
      const ack = await client.next();
      if (ack['type'] !== 'ack' || ack['id'] !== id) throw new Error(`expected the ack of ${id}, got ${JSON.stringify(ack)}`);
      return client;
    },
    application: (key = APP_KEY) => TestClient.connect(`${wsBase}/ws/app?apiKey=${encodeURIComponent(key)}`),
    close: () => broker.close(),
  };
}

/** For a test file: `const start = useTestBroker();` starts a test broker that is closed after each test. */
export function useTestBroker(): (overrides?: Partial<BrokerOptions>) => Promise<TestBroker> {
  let current: TestBroker | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (overrides = {}) => (current = await startTestBroker(overrides));
}
