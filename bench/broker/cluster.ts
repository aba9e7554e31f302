/**
 * Cluster routing (DESIGN §8: two nodes and Redis on one machine, 10,000 customer sockets over both,
 * applications on one: cross-node routing p99 <= 25 ms). A `redis-server` without persistence and two broker
 * nodes (`src/broker/cluster/local-cluster.ts`, what the cluster tests run), loaded by the same generator as
 * the broker-scale suite: customers alternate between node B and node A, the application is on node A and
 * sends texts to random customers. Texts to customers on B cross nodes (node A's script, Redis pub/sub, node
 * B); those to customers on A make the same Redis round trip back to A (the control). The single in-memory
 * broker takes the same load in the same run.
 *
 * On 2 cores five processes share the machine (Redis, two nodes, the generator, and this one), so this shows
 * the cost of the Redis hop and correctness at full socket count, not scale-out.
 */
import { randomBytes } from 'node:crypto';
import { ROOT } from '../build.ts';
import { type Figure, makeFigure } from '../figures.ts';
import { median } from '../stats.ts';
import type { Section } from '../table.ts';
import { type BrokerNode, startBrokerNode, startLoadBalancer, startRedis } from '../../src/broker/cluster/local-cluster.ts';
import { runFailover, runLoad, startServer } from './children.ts';
import type { FailoverPlan, FailoverResult } from './failover.ts';
import { LOAD_SOURCES, loadPlan, type LoadPlan, type LoadResult } from './plan.ts';

interface Scale {
  customers: number;
  /** Customers of the node killed in the failover run. */
  failover: number;
  repeats: number;
  warmupMs: number;
  /** Pause after connecting: every node finishes the starts and first heartbeats (a script each) first. */
  settleMs: number;
  holdMs: number;
  rate: number;
}

const FULL: Scale = { customers: 10_000, failover: 5_000, repeats: 2, warmupMs: 3_000, settleMs: 5_000, holdMs: 10_000, rate: 500 };
const QUICK: Scale = { customers: 500, failover: 200, repeats: 1, warmupMs: 500, settleMs: 500, holdMs: 1_500, rate: 200 };

function environment(scale: Scale, apiKey: string): Record<string, string> {
  return {
    SERMO_API_KEYS: apiKey,
    SERMO_ALLOWED_ORIGINS: '*',
    SERMO_MAX_SOCKETS_PER_IP: String(scale.customers + 100),
    SERMO_NEW_CHATS_PER_MINUTE: '0',
  };
}

function plan(scale: Scale, customerUrls: string[], appBase: string, healthUrl: string, serverPid: number, apiKey: string): LoadPlan {
  return loadPlan(scale, { customerUrl: customerUrls[0]!, customerUrls, appUrl: `${appBase}/ws/app?apiKey=${apiKey}`, healthUrl, serverPid });
}

async function clusterOnce(scale: Scale): Promise<LoadResult> {
  const apiKey = `bench-${randomBytes(9).toString('base64url')}`;
  const redis = await startRedis();
  const nodes: BrokerNode[] = [];
  try {
    for (const id of ['bench-a', 'bench-b']) {
      const node = await startBrokerNode(id, { SERMO_REDIS_URL: redis.url, ...environment(scale, apiKey) });
      nodes.push(node);
      await node.ready();
    }
    const [a, b] = [nodes[0]!, nodes[1]!];
    const load = plan(scale, [`${b.wsBase}/ws`, `${a.wsBase}/ws`], a.wsBase, `${b.url}/healthz`, b.child.pid, apiKey);
    // The generator's own output, not wire data: this suite's child, printing a LoadResult.
    return JSON.parse(await runLoad(JSON.stringify(load), null, load.deadlineMs + 10_000)) as LoadResult;
  } finally {
    for (const node of nodes) await node.stop('SIGTERM');
    await redis.stop('SIGKILL');
  }
}

async function singleOnce(scale: Scale): Promise<LoadResult> {
  const apiKey = `bench-${randomBytes(9).toString('base64url')}`;
  const server = await startServer(`${ROOT}/src/broker/main.ts`, { PORT: '0', HOST: '127.0.0.1', ...environment(scale, apiKey) }, null);
  try {
    const ws = server.url.replace(/^http/, 'ws');
    const load = plan(scale, [`${ws}/ws`], ws, `${server.url}/healthz`, server.pid, apiKey);
    return JSON.parse(await runLoad(JSON.stringify(load), null, load.deadlineMs + 10_000)) as LoadResult;
  } finally {
    await server.stop();
  }
}

/** Customers on node B, the application on node A, HAProxy in front; B is killed (see `failover.ts`). */
async function failoverOnce(scale: Scale): Promise<FailoverResult> {
  const apiKey = `bench-${randomBytes(9).toString('base64url')}`;
  const redis = await startRedis();
  const nodes: BrokerNode[] = [];
  const stops: (() => Promise<void>)[] = [() => redis.stop('SIGKILL')];
  try {
    for (const id of ['bench-a', 'bench-b']) {
      const node = await startBrokerNode(id, { SERMO_REDIS_URL: redis.url, SERMO_TRUSTED_PROXIES: '127.0.0.1', ...environment(scale, apiKey) });
      stops.push(() => node.stop('SIGKILL'));
      nodes.push(node);
      await node.ready();
    }
    const [a, b] = [nodes[0]!, nodes[1]!];
    const balancer = await startLoadBalancer(nodes.map((node) => ({ id: node.id, port: node.port })), 0, Math.max(2_000, scale.failover + 500));
    stops.push(() => balancer.stop());
    const failover: FailoverPlan = {
      victimUrl: `${b.wsBase}/ws`,
      victimPid: b.child.pid,
      balancerUrl: `ws://127.0.0.1:${balancer.port}/ws`,
      appUrl: `${a.wsBase}/ws/app?apiKey=${apiKey}`,
      customers: scale.failover,
      sources: LOAD_SOURCES,
      waitMs: 15_000,
    };
    // The generator's own output, not wire data.
    return JSON.parse(await runFailover(JSON.stringify(failover), 150_000)) as FailoverResult;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

export async function runClusterSuite(context: { quick: boolean; progress: (line: string) => void }): Promise<{ sections: Section[]; details: unknown }> {
  const scale = context.quick ? QUICK : FULL;
  const cluster: LoadResult[] = [];
  const single: LoadResult[] = [];
  for (let repeat = 1; repeat <= scale.repeats; repeat++) {
    context.progress(`cluster: ${scale.customers} sockets over two nodes, run ${repeat}/${scale.repeats} (cluster, then the single broker)`);
    cluster.push(await clusterOnce(scale));
    single.push(await singleOnce(scale));
  }
  context.progress(`cluster: failover, ${scale.failover} customers on the node killed with SIGKILL`);
  const failover = await failoverOnce(scale);
  const n = scale.customers.toLocaleString('en');
  const f = scale.failover.toLocaleString('en');
  const fig = (id: string, label: string, unit: Figure['unit'], samples: number[], extra: Partial<Pick<Figure, 'budget' | 'note'>> = {}) =>
    makeFigure({ id, label, unit, value: samples.length ? median(samples) : null, samples, ...extra });
  const finite = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const trouble = cluster.flatMap((r) => [
    ...Object.entries(r.refused).map(([why, count]) => `${count} refused (${why})`),
    ...Object.entries(r.closedDuringHold).map(([code, count]) => `${count} closed (${code})`),
  ]);
  const figures = [
    fig('cluster.held', `cluster: customer sockets held of ${n} (two nodes)`, 'count', cluster.map((r) => r.held), {
      budget: { op: '>=', limit: scale.customers },
      ...(trouble.length ? { note: trouble.join(', ') } : {}),
    }),
    fig('cluster.undelivered', `cluster: texts sent in the window and not delivered (${scale.rate}/s offered)`, 'count', cluster.map((r) => r.sent - r.delivered)),
    fig('cluster.cross.p50', `cluster: cross-node routing latency p50 at ${n}`, 'ms', finite(cluster.map((r) => r.latencyByUrl?.[0]?.p50))),
    fig('cluster.cross.p99', `cluster: cross-node routing latency p99 at ${n}`, 'ms', finite(cluster.map((r) => r.latencyByUrl?.[0]?.p99)), {
      budget: { op: '<=', limit: 25 },
    }),
    fig('cluster.same.p99', `cluster: same-node routing latency p99 (through Redis)`, 'ms', finite(cluster.map((r) => r.latencyByUrl?.[1]?.p99))),
    fig('cluster.single.p50', `single in-memory broker, same load: p50`, 'ms', finite(single.map((r) => r.latency.p50))),
    fig('cluster.single.p99', `single in-memory broker, same load: p99`, 'ms', finite(single.map((r) => r.latency.p99))),
    fig('cluster.failover.back', `failover: customers of the killed node with their missed text, of ${f}`, 'count', [failover.back], {
      budget: { op: '>=', limit: scale.failover },
      note: `${failover.lost} lost, ${failover.doubled} doubled`,
    }),
    fig('cluster.failover.p50', `failover: SIGKILL to missed text shown, p50 (through HAProxy, widget backoff)`, 'ms', [failover.latency.p50]),
    fig('cluster.failover.p99', `failover: SIGKILL to missed text shown, p99`, 'ms', [failover.latency.p99]),
    fig('cluster.failover.max', `failover: every customer back and replayed (max)`, 'ms', [failover.latency.max], { budget: { op: '<=', limit: 5_000 } }),
  ];
  return {
    sections: [{ title: 'cluster (Redis + two nodes on this machine, not pinned)', figures }],
    details: { scale, cluster, single, failover },
  };
}
