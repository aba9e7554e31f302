/**
 * The hardening suite's tools (DESIGN §6.2, issue 12): the real broker as its own process, the way
 * `npm run broker` runs it, and raw TCP and HTTP clients that behave like an attacker on the internet would
 * (slow headers, trickled bodies, floods). Memory and open files are read from `/proc/<pid>`.
 *
 * Every process and socket a test starts is stopped after it: `useBrokerProcesses()` kills what it started,
 * and `rawConnection`s are tracked by the same hook.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';
import { TestClient, UpgradeRefused } from '../testing.ts';

export const REPO = resolve(import.meta.dirname, '../../..');
export const APP_KEY = 'hardening-key';
export const ORIGIN = 'http://localhost:5173';

export interface BrokerProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsBase: string;
  port: number;
  pid: number;
  /** Every stderr line so far (connection logs, refusals). */
  logs: string[];
  /** Every stdout line so far. */
  stdout: string[];
  /** Resolves with the first log line matching, or rejects after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resident memory from /proc/<pid>/status, bytes. */
  rssBytes(): number;
  /** Open file descriptors from /proc/<pid>/fd (sockets included). */
  openFiles(): number;
  /** The `/healthz` body. */
  health(): Promise<Record<string, unknown>>;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A command that prints `listening on http://HOST:PORT` (or the `npm start` banner) once ready. */
interface Launch {
  args: string[];
  env: Record<string, string>;
  /** The line that says where it listens; its first group is the base URL. */
  ready: RegExp;
}

function launch(spec: Launch, started: ChildProcess[]): Promise<BrokerProcess> {
  const child = spawn(process.execPath, spec.args, {
    cwd: REPO,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const logs: string[] = [];
  const stdout: string[] = [];
  const watchers = new Set<{ pattern: RegExp; found: (line: string) => void }>();
  const onLine = (into: string[]) => (line: string) => {
    into.push(line);
    for (const watcher of watchers) if (watcher.pattern.test(line)) watcher.found(line);
  };
  createInterface({ input: child.stderr! }).on('line', onLine(logs));
  const stdoutLines = createInterface({ input: child.stdout! });
  stdoutLines.on('line', onLine(stdout));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  return new Promise((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`broker exited with ${code} before listening: ${logs.slice(-5).join(' | ')}`)));
    stdoutLines.on('line', (line) => {
      const match = spec.ready.exec(line);
      if (!match || child.pid === undefined) return;
      const url = match[1]!.replace('localhost', '127.0.0.1');
      const pid = child.pid;
      ready({
        url,
        wsBase: url.replace(/^http/, 'ws'),
        port: Number(new URL(url).port),
        pid,
        logs,
        stdout,
        waitForLog(pattern, timeoutMs = 5_000) {
          const already = [...logs, ...stdout].find((l) => pattern.test(l));
          if (already !== undefined) return Promise.resolve(already);
          return new Promise((found, missing) => {
            const watcher = {
              pattern,
              found: (l: string) => {
                clearTimeout(timer);
                watchers.delete(watcher);
                found(l);
              },
            };
            const timer = setTimeout(() => {
              watchers.delete(watcher);
              missing(new Error(`no log line matching ${pattern} within ${timeoutMs} ms; last: ${logs.slice(-3).join(' | ')}`));
            }, timeoutMs);
            watchers.add(watcher);
          });
        },
        rssBytes: () => readStatusKb(pid, 'VmRSS') * 1024,
        openFiles: () => readdirSync(`/proc/${pid}/fd`).length,
        async health() {
          const response = await fetch(`${url}/healthz`);
          return (await response.json()) as Record<string, unknown>;
        },
        stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}

function readStatusKb(pid: number, field: string): number {
  const match = new RegExp(`${field}:\\s+(\\d+)\\s*kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * For a test file: `const broker = useBrokerProcesses();` then `await broker({ SERMO_...: '...' })` starts
 * `npm run broker`'s command (src/broker/main.ts) with that environment; `startDemo` runs `npm start`'s
 * script. Every process started in a test is killed after it, and every raw connection destroyed.
 */
export function useBrokerProcesses() {
  const started: ChildProcess[] = [];
  afterEach(async () => {
    for (const socket of openRaw) socket.destroy();
    openRaw.clear();
    await Promise.all(
      started.splice(0).map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      ),
    );
  });
  const broker = (env: Record<string, string> = {}) =>
    launch(
      {
        args: ['--import', './scripts/ts-register.mjs', 'src/broker/main.ts'],
        env: { SERMO_API_KEYS: APP_KEY, ...env },
        ready: /^listening on (http:\/\/\S+)$/,
      },
      started,
    );
  const startDemo = (env: Record<string, string> = {}) =>
    launch({ args: ['scripts/start.mjs'], env, ready: /Demo site\s+(http:\/\/\S+?)\/?$/ }, started);
  return Object.assign(broker, { startDemo });
}

// ---------------------------------------------------------------------------------------------------------
// Clients

const openRaw = new Set<Socket>();

/** What a raw TCP connection saw: every byte received, and whether and when it closed. */
export interface RawConnection {
  socket: Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  /** Resolves once the peer closed (or reset) the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
}

/** A plain TCP connection to the broker, from `localAddress` when given (any 127.x.y.z works on Linux). */
export function rawConnection(broker: BrokerProcess, localAddress?: string): Promise<RawConnection> {
  return new Promise((ready, fail) => {
    const socket = connect({ host: '127.0.0.1', port: broker.port, ...(localAddress ? { localAddress } : {}) });
    openRaw.add(socket);
    let text = '';
    let isClosed = false;
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    const closed = new Promise<void>((done) =>
      socket.once('close', () => {
        isClosed = true;
        openRaw.delete(socket);
        done();
      }),
    );
    socket.on('error', () => undefined);
    socket.once('connect', () => ready({ socket, received: () => text, closed, isClosed: () => isClosed }));
    socket.once('error', fail);
  });
}

/** Opens a customer socket; its `customer()` binds it with a heartbeat and waits for the ack. */
export async function customerSocket(broker: BrokerProcess, headers: Record<string, string> = {}): Promise<TestClient> {
  return TestClient.connect(`${broker.wsBase}/ws`, { Origin: ORIGIN, ...headers });
}

/** A customer socket bound to `userId` (a new UUID unless given), its first heartbeat acked. */
export async function customer(
  broker: BrokerProcess,
  userId: string = randomUUID(),
  heartbeat: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ client: TestClient; userId: string }> {
  const client = await customerSocket(broker, headers);
  const id = randomUUID();
  client.send({ type: 'heartbeat', direction: 'inbound', userId, id, ...heartbeat });
  for (;;) {
    const frame = await client.next();
    if (frame['type'] === 'ack' && frame['id'] === id) return { client, userId };
  }
}

export function application(broker: BrokerProcess, key = APP_KEY): Promise<TestClient> {
  return TestClient.connect(`${broker.wsBase}/ws/app?apiKey=${encodeURIComponent(key)}`);
}

/** The HTTP status of a customer upgrade, or the close code when the socket is accepted and then closed at once. */
export async function upgradeOutcome(broker: BrokerProcess, headers: Record<string, string> = {}): Promise<number> {
  try {
    const client = await customerSocket(broker, headers);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
}

/** Resolves once `check()` is true, polling; rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The status line's code of a raw HTTP answer, or null before one arrived. */
export function statusOf(raw: string): number | null {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
  return match ? Number(match[1]) : null;
}

/** A tiny valid GIF (1x1), the smallest image the broker accepts. */
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A valid PNG signature followed by `size - 8` filler bytes: the broker checks magic bytes only. */
export function fakePng(size: number): Buffer {
  const bytes = Buffer.alloc(size, 0x41);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

export interface UploadResult {
  status: number;
  body: string;
}

/** `POST /images` with a JSON body of this image, as a customer (`X-Sermo-User`) or an application (`apiKey`). */
export async function upload(
  broker: BrokerProcess,
  image: Buffer,
  who: { userId: string; origin?: string; forwardedFor?: string } | { apiKey: string },
): Promise<UploadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let path = '/images';
  if ('apiKey' in who) path += `?apiKey=${encodeURIComponent(who.apiKey)}`;
  else {
    headers['x-sermo-user'] = who.userId;
    headers['origin'] = who.origin ?? ORIGIN;
    if (who.forwardedFor) headers['x-forwarded-for'] = who.forwardedFor;
  }
  const response = await fetch(`${broker.url}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ image: image.toString('base64') }),
  });
  return { status: response.status, body: await response.text() };
}
