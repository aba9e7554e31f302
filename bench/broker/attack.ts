/**
 * The broker under attack (issue 12, DESIGN §6.2): for each attack, a fresh broker (`src/broker/main.ts`, what
 * `npm run broker` runs, pinned to core 0 with the default limits), a legitimate customer's round trip measured
 * quiet and then during the attack in the same run, and the broker's memory and open files from /proc.
 * Budgets: the customer's p99 within 2x of the quiet run; memory growth at most 50 MB for the conversation
 * flood; open files within 300 of the quiet run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { cpus } from 'node:os';
import { ROOT } from '../build.ts';
import { type Figure, makeFigure, mb } from '../figures.ts';
import { hasTaskset } from '../machine.ts';
import { quantile } from '../stats.ts';
import type { Section } from '../table.ts';
import type { AttackKind, AttackPlan, AttackResult } from './attack-plan.ts';
import { runAttacker, startServer } from './children.ts';
import { measureRoundTrips } from './probe.ts';

interface Scenario {
  kind: AttackKind;
  title: string;
  count: number;
  /** How long the attack runs before the customer is measured during it, in ms (full mode). */
  rampMs: number;
  /** Longest the attack runs (full mode); the measurement fits inside. */
  attackMs: number;
  memoryBudgetMb?: number;
}

const SCENARIOS: Scenario[] = [
  { kind: 'slow-headers', title: '1,500 slow-header connections', count: 1_500, rampMs: 3_000, attackMs: 0 },
  { kind: 'uploads', title: '100 trickled uploads', count: 100, rampMs: 2_000, attackMs: 0 },
  { kind: 'flood', title: 'conversation flood from one address', count: 50, rampMs: 2_000, attackMs: 60_000, memoryBudgetMb: 50 },
  { kind: 'webhook-sessions', title: '400 webhook sessions, receiver never answers', count: 400, rampMs: 4_000, attackMs: 0 },
];

interface Timing {
  warmupMs: number;
  holdMs: number;
}
const FULL: Timing = { warmupMs: 2_000, holdMs: 15_000 };
const QUICK: Timing = { warmupMs: 500, holdMs: 3_000 };
/** The legitimate customers: each sends this many texts a second (the widget paces at 10 at most). */
const PROBE = { customers: 5, perSecond: 4 };

function readRss(pid: number): number {
  const kb = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** A webhook receiver that takes connections and requests and never answers; counts connections open at once. */
async function deadReceiver(): Promise<{ url: string; mostOpen: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let most = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    most = Math.max(most, sockets.size);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    mostOpen: () => most,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ScenarioRun {
  quiet: number[];
  underAttack: number[];
  rssQuiet: number;
  rssMax: number;
  filesQuiet: number;
  filesMax: number;
  attack: AttackResult;
  webhookConnectionsMax: number | null;
}

async function runScenario(scenario: Scenario, timing: Timing, quick: boolean, cpu: { server: number | null; load: number | null }): Promise<ScenarioRun> {
  const apiKey = `bench-${randomBytes(9).toString('base64url')}`;
  const receiver = scenario.kind === 'webhook-sessions' ? await deadReceiver() : null;
  const env: Record<string, string> = { PORT: '0', HOST: '::', SERMO_API_KEYS: apiKey };
  if (receiver !== null) {
    Object.assign(env, {
      SERMO_WEBHOOK_URL: receiver.url,
      SERMO_WEBHOOK_SECRET: 'bench',
      // 400 sessions from one address are the load here, not an attack on the new-conversation allowance.
      SERMO_NEW_CHATS_PER_MINUTE: '0',
    });
  }
  const server = await startServer(`${ROOT}/src/broker/main.ts`, env, cpu.server);
  try {
    const port = new URL(server.url).port;
    const probe = {
      wsBase: `ws://[::1]:${port}`,
      apiKey,
      userIds: Array.from({ length: PROBE.customers }, () => randomUUID()),
      perSecond: PROBE.perSecond,
    };
    await measureRoundTrips({ ...probe, warmupMs: 0, durationMs: timing.warmupMs });
    const quiet = await measureRoundTrips({ ...probe, warmupMs: 0, durationMs: timing.holdMs });
    const rssQuiet = readRss(server.pid);
    const filesQuiet = openFiles(server.pid);

    let rssMax = rssQuiet;
    let filesMax = filesQuiet;
    const sampler = setInterval(() => {
      try {
        rssMax = Math.max(rssMax, readRss(server.pid));
        filesMax = Math.max(filesMax, openFiles(server.pid));
      } catch {
        // The broker is gone: the attack result says so.
      }
    }, 250);
    const rampMs = quick ? Math.min(1_000, scenario.rampMs) : scenario.rampMs;
    const measureMs = timing.holdMs + 1_000;
    const plan: AttackPlan = {
      kind: scenario.kind,
      url: `http://127.0.0.1:${port}`,
      durationMs: quick ? rampMs + measureMs : Math.max(rampMs + measureMs, scenario.attackMs),
      count: scenario.count,
    };
    const attacking = runAttacker(JSON.stringify(plan), cpu.load, plan.durationMs + 90_000);
    // The customer is measured at the end of the attack, when whatever it builds up is at its height.
    await new Promise((resolve) => setTimeout(resolve, plan.durationMs - measureMs));
    const underAttack = await measureRoundTrips({ ...probe, warmupMs: 0, durationMs: timing.holdMs });
    // The attacker's own output, not wire data: it is this suite's child, printing an AttackResult.
    const attack = JSON.parse(await attacking) as AttackResult;
    clearInterval(sampler);
    return { quiet, underAttack, rssQuiet, rssMax, filesQuiet, filesMax, attack, webhookConnectionsMax: receiver?.mostOpen() ?? null };
  } finally {
    await server.stop();
    await receiver?.close();
  }
}

function figuresFor(scenario: Scenario, run: ScenarioRun): Figure[] {
  const id = `attack.${scenario.kind}`;
  const quietP99 = quantile(run.quiet, 0.99);
  const attackP99 = quantile(run.underAttack, 0.99);
  const outcomes = Object.entries(run.attack.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, n]) => `${n.toLocaleString('en')} ${outcome}`)
    .join(', ');
  const notes = [
    `attacker started ${run.attack.attempts.toLocaleString('en')}${outcomes ? ` (${outcomes})` : ''}`,
    ...(run.webhookConnectionsMax !== null ? [`webhook receiver saw at most ${run.webhookConnectionsMax} connections at once`] : []),
    ...(run.attack.healthAfter !== 200 ? [`/healthz answered ${run.attack.healthAfter} after the attack`] : []),
  ];
  return [
    makeFigure({ id: `${id}.quietP99`, label: `${scenario.title}: customer round trip p99, quiet`, unit: 'ms', value: quietP99, samples: run.quiet }),
    makeFigure({
      id: `${id}.p99`,
      label: `${scenario.title}: customer round trip p99, under attack`,
      unit: 'ms',
      value: attackP99,
      samples: run.underAttack,
      budget: { op: '<=', limit: 2 * quietP99 },
      note: notes.join('; '),
    }),
    makeFigure({
      id: `${id}.memory`,
      label: `${scenario.title}: broker memory growth (RSS)`,
      unit: 'MB',
      value: run.rssMax - run.rssQuiet,
      ...(scenario.memoryBudgetMb !== undefined ? { budget: { op: '<=' as const, limit: mb(scenario.memoryBudgetMb) } } : {}),
    }),
    makeFigure({
      id: `${id}.files`,
      label: `${scenario.title}: broker open files growth`,
      unit: 'count',
      value: run.filesMax - run.filesQuiet,
      budget: { op: '<=', limit: 300 },
    }),
  ];
}

export async function runAttackSuite(context: { quick: boolean; progress: (line: string) => void }): Promise<{ sections: Section[]; details: unknown }> {
  const pinned = hasTaskset();
  const cpu = { server: pinned ? 0 : null, load: pinned && cpus().length > 1 ? 1 : null };
  const timing = context.quick ? QUICK : FULL;
  const figures: Figure[] = [];
  const runs: Record<string, ScenarioRun> = {};
  for (const scenario of SCENARIOS) {
    context.progress(`broker under attack: ${scenario.title}`);
    const run = await runScenario(scenario, timing, context.quick, cpu);
    runs[scenario.kind] = run;
    figures.push(...figuresFor(scenario, run));
  }
  const where = `broker pinned to ${cpu.server === null ? 'no core: taskset missing' : `core ${cpu.server}`}, attacker on ${cpu.load === null ? 'any core' : `core ${cpu.load}`}`;
  return {
    sections: [{ title: `broker under attack (${where}; customer: ${PROBE.customers} sockets from ::1, ${PROBE.perSecond} texts/s each)`, figures }],
    details: { cpu, timing, probe: PROBE, runs: Object.fromEntries(Object.entries(runs).map(([kind, run]) => [kind, { ...run, quiet: run.quiet.length, underAttack: run.underAttack.length }])) },
  };
}
