/**
 * Broker scale (DESIGN §8: one core holds >= 10,000 customer sockets with heartbeats, p99 routing latency
 * <= 20 ms). For each socket count N, repeated: the reference broker (`src/broker/main.ts`, the code
 * `npm run broker` runs) in its own process pinned to core 0, then a bare `ws` routing server under the
 * same load, each loaded by a separate generator process on core 1. Figures are medians of the repeats.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { ROOT } from '../build.ts';
import { type Figure, makeFigure } from '../figures.ts';
import { hasTaskset } from '../machine.ts';
import { median } from '../stats.ts';
import type { Section } from '../table.ts';
import { runLoad, startServer, type ServerChild } from './children.ts';
import { LOAD_HEARTBEAT_MS, LOAD_SOURCES, loadPlan, type LoadResult } from './plan.ts';

interface Scale {
  customers: number;
  repeats: number;
  warmupMs: number;
  holdMs: number;
  settleMs: number;
  rate: number;
}

const FULL: Scale[] = [
  { customers: 1_000, repeats: 3, warmupMs: 1_000, holdMs: 10_000, settleMs: 1_000, rate: 1_000 },
  { customers: 10_000, repeats: 3, warmupMs: 1_000, holdMs: 10_000, settleMs: 1_000, rate: 1_000 },
];
const QUICK: Scale[] = [{ customers: 500, repeats: 2, warmupMs: 300, holdMs: 1_000, settleMs: 200, rate: 500 }];


type Kind = 'broker' | 'bare';

async function startKind(kind: Kind, customers: number, apiKey: string, cpu: number | null): Promise<ServerChild> {
  if (kind === 'bare') return startServer(`${ROOT}/bench/broker/bare-server.ts`, { PORT: '0', HOST: '127.0.0.1' }, cpu);
  return startServer(
    `${ROOT}/src/broker/main.ts`,
    {
      PORT: '0',
      HOST: '127.0.0.1',
      SERMO_API_KEYS: apiKey,
      SERMO_ALLOWED_ORIGINS: '*',
      // The defaults (100 connections and 30 new conversations a minute per address) would refuse the load,
      // which all comes from this machine (127.0.0.0/8 counts as one address).
      SERMO_MAX_SOCKETS_PER_IP: String(customers + 100),
      SERMO_NEW_CHATS_PER_MINUTE: '0',
    },
    cpu,
  );
}

async function loadOnce(kind: Kind, scale: Scale, cpus: { server: number | null; load: number | null }): Promise<LoadResult> {
  const apiKey = `bench-${randomBytes(9).toString('base64url')}`;
  const server = await startKind(kind, scale.customers, apiKey, cpus.server);
  try {
    const ws = server.url.replace(/^http/, 'ws');
    const plan = loadPlan(scale, { customerUrl: `${ws}/ws`, appUrl: `${ws}/ws/app?apiKey=${apiKey}`, healthUrl: `${server.url}/healthz`, serverPid: server.pid });
    // The generator's own output, not wire data: it is this suite's child, printing a LoadResult.
    return JSON.parse(await runLoad(JSON.stringify(plan), cpus.load, plan.deadlineMs + 10_000)) as LoadResult;
  } finally {
    await server.stop();
  }
}

function figuresFor(scale: Scale, broker: LoadResult[], bare: LoadResult[]): Figure[] {
  const n = scale.customers.toLocaleString('en');
  const pick = (runs: LoadResult[], f: (r: LoadResult) => number) => runs.map(f).filter((v) => Number.isFinite(v));
  const fig = (id: string, label: string, unit: Figure['unit'], samples: number[], extra: Partial<Pick<Figure, 'budget'>> & { note?: string } = {}) =>
    makeFigure({ id, label, unit, value: samples.length ? median(samples) : null, samples, ...extra });
  const perConnection = (r: LoadResult) => (r.connected > 0 ? (r.rss.connected - r.rss.before) / r.connected : Number.NaN);
  const ratio = broker.map((r, i) => r.latency.p99 / (bare[i]?.latency.p99 ?? Number.NaN));
  const refusals = broker.flatMap((r) => Object.entries(r.refused).map(([why, count]) => `${count} refused (${why})`));
  const closes = broker.flatMap((r) => Object.entries(r.closedDuringHold).map(([code, count]) => `${count} closed (${code})`));
  const trouble = [...refusals, ...closes];
  return [
    fig(`broker.${scale.customers}.held`, `broker: customer sockets held of ${n}`, 'count', pick(broker, (r) => r.healthCustomers ?? r.held), {
      budget: { op: '>=', limit: scale.customers },
      ...(trouble.length ? { note: trouble.join(', ') } : {}),
    }),
    fig(`broker.${scale.customers}.connect`, `broker: time to open ${n} sockets`, 'ms', pick(broker, (r) => r.connectMs)),
    fig(`broker.${scale.customers}.rate`, `broker: texts routed per s (offered ${scale.rate}/s, heartbeats every ${LOAD_HEARTBEAT_MS / 1000} s)`, 'per s', pick(broker, (r) => r.eventsPerSecond)),
    fig(`broker.${scale.customers}.p50`, `broker: routing latency p50 at ${n}`, 'ms', pick(broker, (r) => r.latency.p50)),
    fig(`broker.${scale.customers}.p99`, `broker: routing latency p99 at ${n}`, 'ms', pick(broker, (r) => r.latency.p99), { budget: { op: '<=', limit: 20 } }),
    fig(`broker.${scale.customers}.memory`, `broker: memory per connection (RSS)`, 'KB', pick(broker, perConnection)),
    fig(`broker.${scale.customers}.rss`, `broker: RSS with ${n} sockets`, 'MB', pick(broker, (r) => r.rss.connected)),
    fig(`bare.${scale.customers}.p50`, `bare ws: routing latency p50 at ${n}`, 'ms', pick(bare, (r) => r.latency.p50)),
    fig(`bare.${scale.customers}.p99`, `bare ws: routing latency p99 at ${n}`, 'ms', pick(bare, (r) => r.latency.p99)),
    fig(`bare.${scale.customers}.memory`, `bare ws: memory per connection (RSS)`, 'KB', pick(bare, perConnection)),
    fig(`ratio.${scale.customers}.p99`, `broker p99 / bare ws p99 at ${n}`, 'x', ratio.filter((v) => Number.isFinite(v))),
  ];
}

export async function runBrokerSuite(context: { quick: boolean; progress: (line: string) => void }): Promise<{ sections: Section[]; details: unknown }> {
  const pinned = hasTaskset();
  const cores = cpus().length;
  const cpu = { server: pinned ? 0 : null, load: pinned && cores > 1 ? 1 : null };
  const scales = context.quick ? QUICK : FULL;
  const figures: Figure[] = [];
  const runs: Record<string, { broker: LoadResult[]; bare: LoadResult[] }> = {};
  for (const scale of scales) {
    const broker: LoadResult[] = [];
    const bare: LoadResult[] = [];
    // Interleaved, so drift in the machine's load touches both alike.
    for (let repeat = 1; repeat <= scale.repeats; repeat++) {
      context.progress(`broker scale: ${scale.customers} sockets, run ${repeat}/${scale.repeats} (broker, then bare ws)`);
      broker.push(await loadOnce('broker', scale, cpu));
      bare.push(await loadOnce('bare', scale, cpu));
    }
    runs[String(scale.customers)] = { broker, bare };
    figures.push(...figuresFor(scale, broker, bare));
  }
  return {
    sections: [{ title: `broker scale (server pinned to ${cpu.server === null ? 'no core: taskset missing' : `core ${cpu.server}`}, load on ${cpu.load === null ? 'any core' : `core ${cpu.load}`})`, figures }],
    details: { cpu, heartbeatMs: LOAD_HEARTBEAT_MS, sources: LOAD_SOURCES, runs },
  };
}
