/**
 * The failover generator (DESIGN §8: one node killed with SIGKILL, its customers back on the other node,
 * every missed event replayed, within 5 s), run as its own process by `cluster.ts`. Customers connect
 * straight to the victim node, an application to the survivor; each customer gets one text first (so it
 * has a `lastEventId`). Then this process kills the victim (t0) and the application at once sends one text
 * to each customer. Each customer reconnects through the load balancer the way the widget does (first try
 * after 250-500 ms at random, then 1 s, 2 s...), resumes with its `lastEventId`, and records when its text
 * arrives, live or replayed. Prints one JSON `FailoverResult` line.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { encodeFrame, parseWidgetFrame } from '../../src/protocol/index.ts';
import { quantile } from '../stats.ts';

export interface FailoverPlan {
  /** The victim node's customer endpoint. */
  victimUrl: string;
  victimPid: number;
  /** The load balancer's customer endpoint. */
  balancerUrl: string;
  /** The survivor's application endpoint with its key. */
  appUrl: string;
  customers: number;
  sources: string[];
  /** Customers still without their text after this long count as lost. */
  waitMs: number;
}

export interface FailoverResult {
  customers: number;
  back: number;
  lost: number;
  doubled: number;
  /** ms from the kill until the text arrived on the new socket, per customer that got it. */
  latency: { p50: number; p99: number; max: number };
}

// The parent suite's own plan (bench/broker/cluster.ts), not wire data.
const plan = JSON.parse(process.argv[2] ?? '{}') as FailoverPlan;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Customer {
  userId: string;
  index: number;
  lastId: number;
  /** When its after-the-kill text arrived (performance.now), and how often. */
  gotAt: number | null;
  got: number;
  socket: WebSocket | null;
}

let killedAt = Number.POSITIVE_INFINITY;
let stopping = false;

function open(customer: Customer, url: string, onOpen: () => void): void {
  const socket = new WebSocket(url, {
    headers: { Origin: 'http://127.0.0.1' },
    localAddress: plan.sources[customer.index % plan.sources.length]!,
    perMessageDeflate: false,
    handshakeTimeout: 10_000,
  });
  customer.socket = socket;
  let opened = false;
  socket.on('open', () => {
    opened = true;
    socket.send(encodeFrame({ type: 'heartbeat', direction: 'inbound', userId: customer.userId, id: randomUUID(), ...(customer.lastId > 0 ? { lastEventId: customer.lastId } : {}) }));
    onOpen();
  });
  socket.on('message', (data) => {
    const parsed = parseWidgetFrame(data.toString());
    if (!parsed.ok || parsed.event.type !== 'text') return;
    if (typeof parsed.event.id === 'number') customer.lastId = Math.max(customer.lastId, parsed.event.id);
    if (parsed.event.text === 'after') {
      customer.got += 1;
      customer.gotAt ??= performance.now();
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    if (stopping || customer.gotAt !== null) return;
    reconnect(customer, opened ? 0 : 1);
  });
}

/** The widget's backoff: the first try after 250-500 ms, then doubling from 1 s. */
function reconnect(customer: Customer, attempt: number): void {
  const delay = attempt === 0 ? 250 + Math.random() * 250 : Math.min(1_000 * 2 ** (attempt - 1), 8_000);
  setTimeout(() => {
    if (stopping) return;
    open(customer, plan.balancerUrl, () => undefined);
  }, delay);
}

function connectApplication(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const app = new WebSocket(plan.appUrl, { perMessageDeflate: false });
    app.once('open', () => resolve(app));
    app.once('error', reject);
    app.on('message', () => undefined);
  });
}

async function run(): Promise<FailoverResult> {
  const app = await connectApplication();
  const customers: Customer[] = Array.from({ length: plan.customers }, (_, index) => ({ userId: randomUUID(), index, lastId: 0, gotAt: null, got: 0, socket: null }));
  let next = 0;
  const worker = async () => {
    while (next < customers.length) {
      const customer = customers[next++]!;
      await new Promise<void>((resolve) => open(customer, plan.victimUrl, resolve));
    }
  };
  await Promise.all(Array.from({ length: 200 }, worker));
  // One text each before the kill, so every customer resumes from a real lastEventId.
  for (const { userId } of customers) app.send(encodeFrame({ type: 'text', direction: 'outbound', userId, text: 'before' }));
  const deadline = performance.now() + 30_000;
  while (customers.some((c) => c.lastId === 0) && performance.now() < deadline) await sleep(50);

  process.kill(plan.victimPid, 'SIGKILL');
  killedAt = performance.now();
  for (const { userId } of customers) app.send(encodeFrame({ type: 'text', direction: 'outbound', userId, text: 'after' }));
  const waitUntil = killedAt + plan.waitMs;
  while (customers.some((c) => c.gotAt === null) && performance.now() < waitUntil) await sleep(50);
  await sleep(500); // a double would arrive by now
  stopping = true;
  for (const { socket } of customers) socket?.terminate();
  app.terminate();
  const times = customers.filter((c) => c.gotAt !== null).map((c) => c.gotAt! - killedAt);
  return {
    customers: customers.length,
    back: times.length,
    lost: customers.length - times.length,
    doubled: customers.filter((c) => c.got > 1).length,
    latency: { p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: quantile(times, 1) },
  };
}

const giveUp = setTimeout(() => process.exit(3), plan.waitMs + 90_000);
run().then(
  (result) => {
    clearTimeout(giveUp);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`failover: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
