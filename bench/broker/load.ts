/**
 * The load generator, run as its own process (by `suite.ts`) so that it never shares a core or an event
 * loop with the server it measures: opens `customers` sockets on loopback, each sending `start` and
 * heartbeats like the widget, then an application sends texts carrying their send time to random
 * customers, and each customer records the latency on receipt. Prints one JSON `LoadResult` line and
 * exits; a deadline makes it stop by itself whatever the server does.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { encodeFrame, parseWidgetFrame } from '../../src/protocol/index.ts';
import { mean, quantile } from '../stats.ts';
import type { LoadPlan, LoadResult } from './plan.ts';

const TEXT_PREFIX = 't:';
/** Application send tick: texts go out in small batches every this many ms. */
const TICK_MS = 10;
/** Heartbeat tick: the customers due in this slice beat together. */
const BEAT_TICK_MS = 100;

// The parent suite's own plan (bench/broker/suite.ts), not wire data.
const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;

const deadline = setTimeout(() => {
  process.stderr.write(`load: deadline of ${plan.deadlineMs} ms reached, giving up\n`);
  process.exit(3);
}, plan.deadlineMs);

/** Resident memory of a process in bytes, from /proc (Linux); 0 where it cannot be read. */
function rssOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Customer {
  socket: WebSocket;
  userId: string;
}

const urls = plan.customerUrls ?? [plan.customerUrl];
/** Latency samples per customer endpoint (cluster nodes), beside the overall ones. */
const latenciesByUrl: number[][] = urls.map(() => []);

const customers: Customer[] = [];
const refused: Record<string, number> = {};
const closedDuringHold: Record<string, number> = {};
const latencies: number[] = [];
let holding = false;
/** Texts sent before this time (performance.now) are warm-up: delivered, but not counted. */
let measureFrom = Number.POSITIVE_INFINITY;
let delivered = 0;
let heartbeatsSent = 0;

const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

function onCustomerFrame(data: WebSocket.RawData, urlIndex: number): void {
  const parsed = parseWidgetFrame(data.toString());
  if (!parsed.ok || parsed.event.type !== 'text' || !parsed.event.text.startsWith(TEXT_PREFIX)) return;
  const sentAt = Number(parsed.event.text.slice(TEXT_PREFIX.length));
  if (holding && sentAt >= measureFrom) {
    delivered += 1;
    const latency = performance.now() - sentAt;
    latencies.push(latency);
    latenciesByUrl[urlIndex]!.push(latency);
  }
}

/** Opens one customer socket and sends `start` and the first heartbeat, as the widget does on connect. */
function connectCustomer(index: number): Promise<void> {
  return new Promise((resolve) => {
    const userId = randomUUID();
    const urlIndex = index % urls.length;
    const socket = new WebSocket(urls[urlIndex]!, {
      headers: { Origin: 'http://127.0.0.1' },
      localAddress: plan.sources[index % plan.sources.length]!,
      perMessageDeflate: false,
      handshakeTimeout: 15_000,
    });
    let settled = false;
    const settle = (reason: string | null) => {
      if (settled) return;
      settled = true;
      if (reason !== null) count(refused, reason);
      resolve();
    };
    socket.on('unexpected-response', (_req, res) => {
      settle(String(res.statusCode));
      socket.terminate();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
    socket.on('open', () => {
      socket.send(encodeFrame({ type: 'start', direction: 'inbound', userId, params: {}, id: randomUUID() }));
      socket.send(encodeFrame({ type: 'heartbeat', direction: 'inbound', userId, id: randomUUID() }));
      customers.push({ socket, userId });
      settle(null);
    });
    socket.on('message', (data) => onCustomerFrame(data, urlIndex));
    socket.on('close', (code) => {
      if (holding) count(closedDuringHold, String(code));
    });
  });
}

async function connectAll(): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < plan.customers) await connectCustomer(next++);
  };
  await Promise.all(Array.from({ length: Math.min(plan.connectConcurrency, plan.customers) }, worker));
}

function connectApplication(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const app = new WebSocket(plan.appUrl, { perMessageDeflate: false });
    app.once('open', () => resolve(app));
    app.once('error', reject);
    app.on('message', () => undefined); // inbound from every customer: read and dropped
  });
}

/** Every customer beats once per heartbeat period, in the time slice its index falls in. */
function startHeartbeats(): () => void {
  const slices = Math.max(1, Math.round(plan.heartbeatMs / BEAT_TICK_MS));
  let tick = 0;
  const offset = Math.floor(Math.random() * slices);
  const timer = setInterval(() => {
    const slice = (tick++ + offset) % slices;
    for (let i = slice; i < customers.length; i += slices) {
      const { socket, userId } = customers[i]!;
      if (socket.readyState !== WebSocket.OPEN) continue;
      socket.send(encodeFrame({ type: 'heartbeat', direction: 'inbound', userId, id: randomUUID() }));
      heartbeatsSent += 1;
    }
  }, BEAT_TICK_MS);
  return () => clearInterval(timer);
}

/** Sends `rate` texts a second to random customers for the warm-up and `holdMs`; returns how many were sent after the warm-up. */
async function sendTexts(app: WebSocket): Promise<number> {
  let sent = 0;
  const started = performance.now();
  measureFrom = started + plan.warmupMs;
  let sentInWarmup = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (elapsed >= plan.warmupMs + plan.holdMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up with the schedule rather than drift: the total sent follows the rate exactly.
      const due = Math.floor((elapsed / 1000) * plan.rate) - sent;
      for (let i = 0; i < due; i++) {
        const target = customers[Math.floor(Math.random() * customers.length)]!;
        const text = `${TEXT_PREFIX}${performance.now()}`;
        app.send(encodeFrame({ type: 'text', direction: 'outbound', userId: target.userId, text, agent: { id: 'bench', name: 'Bench', type: 'human' } }));
        sent += 1;
        if (elapsed < plan.warmupMs) sentInWarmup += 1;
      }
    }, TICK_MS);
  });
  return sent - sentInWarmup;
}

async function healthCustomers(): Promise<number | null> {
  try {
    const response = await fetch(plan.healthUrl);
    const body: unknown = await response.json();
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['customers'] : undefined;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

function summary(samples: number[]): LoadResult['latency'] {
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: quantile(samples, 1), mean: mean(samples) };
}

async function run(): Promise<LoadResult> {
  const app = await connectApplication();
  await sleep(200);
  const before = rssOf(plan.serverPid);
  const connectStarted = performance.now();
  await connectAll();
  const connectMs = performance.now() - connectStarted;
  // Let the server finish the starts and first heartbeats before its memory is read.
  await sleep(plan.settleMs);
  const connected = rssOf(plan.serverPid);

  const stopBeats = startHeartbeats();
  holding = true;
  const sent = await sendTexts(app);
  await sleep(500); // the last texts in flight
  holding = false;
  stopBeats();
  const end = rssOf(plan.serverPid);
  const health = await healthCustomers();
  const held = customers.filter((c) => c.socket.readyState === WebSocket.OPEN).length;
  for (const { socket } of customers) socket.terminate();
  app.terminate();
  return {
    requested: plan.customers,
    connected: customers.length,
    refused,
    connectMs,
    held,
    closedDuringHold,
    healthCustomers: health,
    sent,
    delivered,
    eventsPerSecond: delivered / (plan.holdMs / 1000),
    heartbeatsSent,
    latency: summary(latencies),
    ...(plan.customerUrls ? { latencyByUrl: latenciesByUrl.map(summary) } : {}),
    rss: { before, connected, end },
  };
}

run().then(
  (result) => {
    clearTimeout(deadline);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`load: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
