/**
 * A cluster on this machine (DESIGN §6.1): a `redis-server` without persistence, broker nodes (the command
 * `npm run broker` runs, each its own process) and HAProxy in front, all on free ports. Used by the cluster
 * tests, the load-balanced end-to-end test, the cluster benchmark and `npm run cluster`, so all four run the
 * same thing. Every process started here is a child with its own handle; `stop()` ends it and waits.
 *
 * Nothing here is a test: it throws a clear error when a program is missing (the tests must then fail,
 * never skip), and leaves waiting for conditions to its callers.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const REPO = resolve(import.meta.dirname, '../../..');
export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';
export const HAPROXY = process.env['HAPROXY'] ?? '/usr/sbin/haproxy';

/** A port nothing listens on right now (the OS picks it); the caller binds it soon after. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A child process with its output kept as lines, waited for by pattern. */
export interface Child {
  readonly pid: number;
  /** Every stdout and stderr line so far. */
  readonly lines: string[];
  /** Resolves with the first line (already written or still to come) that matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends the signal (if it still runs) and resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  readonly exited: Promise<number | null>;
  running(): boolean;
}

function startChild(command: string, args: string[], env: Record<string, string> = {}): Child {
  const child: ChildProcess = spawn(command, args, { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const watchers = new Set<{ pattern: RegExp; found: (line: string) => void }>();
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 5_000) lines.splice(0, 1_000);
    for (const watcher of watchers) if (watcher.pattern.test(line)) watcher.found(line);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      exitCode = code;
      for (const watcher of watchers) watcher.found('');
      done(code);
    }),
  );
  const running = () => exitCode === undefined;
  return {
    pid: child.pid ?? 0,
    lines,
    exited,
    running,
    waitForLine(pattern, timeoutMs = 15_000) {
      const already = lines.find((line) => pattern.test(line));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((found, missing) => {
        const watcher = {
          pattern,
          found: (line: string) => {
            clearTimeout(timer);
            watchers.delete(watcher);
            if (line === '' && !running()) missing(new Error(`${command} exited (${exitCode}) before writing ${pattern}: ${lines.slice(-5).join(' | ')}`));
            else found(line);
          },
        };
        const timer = setTimeout(() => {
          watchers.delete(watcher);
          missing(new Error(`${command} wrote no line matching ${pattern} within ${timeoutMs} ms: ${lines.slice(-5).join(' | ')}`));
        }, timeoutMs);
        watchers.add(watcher);
        if (!running()) watcher.found('');
      });
    },
    signal(signal) {
      if (running()) child.kill(signal);
    },
    async stop(signal = 'SIGTERM') {
      if (running()) {
        child.kill(signal);
        // A process stopped with SIGSTOP would never see SIGTERM.
        if (signal !== 'SIGKILL') child.kill('SIGCONT');
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(kill);
      }
    },
  };
}

/** Throws a message saying what to install when a program the cluster needs is missing. */
function requireProgram(path: string, what: 'redis-server' | 'haproxy', variable: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}: install it (apt-get install ${what}) or give its path in ${variable}`);
}

// ---------------------------------------------------------------------------------------------------------
// Redis

export interface RedisServer {
  port: number;
  /** redis://127.0.0.1:PORT */
  url: string;
  child: Child;
  /** Stops it (SIGTERM, no save) and starts a new, empty one on the same port: Redis lost its data. */
  restartEmpty(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const REDIS_READY = /Ready to accept connections/;

async function launchRedis(program: string, port: number): Promise<Child> {
  const child = startChild(program, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--logfile',
    '',
    '--loglevel',
    'notice',
  ]);
  try {
    await child.waitForLine(REDIS_READY, 10_000);
    return child;
  } catch (error) {
    await child.stop('SIGKILL');
    throw error;
  }
}

/** A fresh `redis-server` on a free port, no persistence. Throws a clear error when it is not installed. */
export async function startRedis(program = REDIS_SERVER): Promise<RedisServer> {
  requireProgram(program, 'redis-server', 'REDIS_SERVER');
  let port = 0;
  let child: Child | null = null;
  // Another process may take the free port between the check and the bind: try another one.
  for (let attempt = 1; child === null; attempt++) {
    port = await freePort();
    try {
      child = await launchRedis(program, port);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    child,
    async restartEmpty() {
      await server.child.stop('SIGKILL');
      for (let attempt = 1; ; attempt++) {
        try {
          server.child = await launchRedis(program, port);
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((done) => setTimeout(done, 100));
        }
      }
    },
    stop: (signal = 'SIGTERM') => server.child.stop(signal),
  };
  return server;
}

// ---------------------------------------------------------------------------------------------------------
// Broker nodes

export interface BrokerNode {
  /** The node's `SERMO_NODE_ID`. */
  id: string;
  /** http://127.0.0.1:PORT */
  url: string;
  /** ws://127.0.0.1:PORT */
  wsBase: string;
  port: number;
  child: Child;
  /** The `/healthz` answer: its status code and body. */
  health(): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Resolves once `/healthz` answers 200 (Redis connected). */
  ready(timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const LISTENING = /^listening on (http:\/\/\S+)$/;

/**
 * `npm run broker`'s command with this environment (PORT 0 unless given) and `SERMO_NODE_ID=id`; resolves once
 * it listens. It answers `/healthz` 503 until Redis is connected: `ready()` waits for that.
 */
export async function startBrokerNode(id: string, env: Record<string, string>): Promise<BrokerNode> {
  const child = startChild(process.execPath, ['--import', './scripts/ts-register.mjs', 'src/broker/main.ts'], {
    PORT: '0',
    HOST: '127.0.0.1',
    SERMO_NODE_ID: id,
    ...env,
  });
  let line: string;
  try {
    line = await child.waitForLine(LISTENING, 30_000);
  } catch (error) {
    await child.stop('SIGKILL');
    throw error;
  }
  const url = LISTENING.exec(line)![1]!;
  const health = async () => {
    const response = await fetch(`${url}/healthz`);
    const body: unknown = await response.json();
    return { status: response.status, body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {} };
  };
  return {
    id,
    url,
    wsBase: url.replace(/^http/, 'ws'),
    port: Number(new URL(url).port),
    child,
    health,
    async ready(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const answer = await health().catch(() => null);
        if (answer?.status === 200) return;
        if (Date.now() > deadline) throw new Error(`node ${id} not healthy within ${timeoutMs} ms: ${JSON.stringify(answer?.body)}`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
    stop: (signal) => child.stop(signal),
  };
}

// ---------------------------------------------------------------------------------------------------------
// HAProxy

export interface LoadBalancer {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  child: Child;
  stop(): Promise<void>;
}

/**
 * The HAProxy configuration for brokers (README "Cluster mode" explains each line): WebSockets in `mode http`,
 * `/healthz` checks, a node marked down at its first refused connection, and a refused or failed upgrade
 * retried on another node. No stickiness: any node serves any customer.
 */
export function haproxyConfig(port: number, nodes: readonly { id: string; port: number }[], maxconn = 9_000): string {
  const servers = nodes.map((node) => `    server ${node.id.replace(/[^A-Za-z0-9_.-]/g, '_')} 127.0.0.1:${node.port}`);
  return `global
    maxconn ${maxconn}

defaults
    mode http
    option forwardfor
    option redispatch 1
    retries 3
    retry-on conn-failure empty-response 503
    timeout connect 500ms
    timeout http-request 10s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout client-fin 5s
    timeout server-fin 5s
    timeout queue 5s
    timeout check 1s

frontend sermo
    bind 127.0.0.1:${port}
    default_backend brokers

backend brokers
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz
    http-check expect status 200
    default-server check inter 1s fastinter 250ms downinter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
${servers.join('\n')}
`;
}

/** HAProxy on `port` (a free one when 0) in front of the nodes; resolves once it runs. */
export async function startLoadBalancer(nodes: readonly { id: string; port: number }[], port = 0, maxconn?: number): Promise<LoadBalancer> {
  requireProgram(HAPROXY, 'haproxy', 'HAPROXY');
  const listenPort = port || (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'sermo-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig(listenPort, nodes, maxconn));
  const child = startChild(HAPROXY, ['-db', '-f', file]);
  void child.exited.then(() => rmSync(dir, { recursive: true, force: true }));
  // HAProxy in the foreground writes nothing when it starts well: wait until its port answers.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (!child.running()) throw new Error(`haproxy exited: ${child.lines.slice(-5).join(' | ')}`);
    const answered = await fetch(`http://127.0.0.1:${listenPort}/healthz`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      await child.stop('SIGKILL');
      throw new Error(`haproxy did not listen on ${listenPort} within 10 s: ${child.lines.slice(-5).join(' | ')}`);
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  return { port: listenPort, url: `http://127.0.0.1:${listenPort}`, child, stop: () => child.stop('SIGTERM') };
}
