/**
 * `GET /healthz` (DESIGN §6): liveness plus what an operator wants at a glance, the number of open
 * customer sockets and each connected application with its last `application_heartbeat` (seed 001). In
 * cluster mode (§6.1) it adds the node's name and Redis's state, and lists the applications of every node;
 * while Redis is unreachable it answers 503 `degraded`, so a load balancer's check takes the node out.
 */

import type { ClusterPort } from './exchange.ts';

/** What the broker knows about one connected application. */
export interface ApplicationStatus {
  /** A number given at connect, stable while the socket is open. */
  connection: number;
  /** The `name` the application gave in its heartbeat, if any. */
  name: string | null;
  /** seed 001: whether it takes new sessions; false until its first heartbeat says otherwise. */
  available: boolean;
  lastBeatAt: number | null;
  connectedAt: number;
}

export interface HealthReport {
  status: 'ok';
  uptimeSeconds: number;
  customers: number;
  applications: {
    connection: number;
    name: string | null;
    available: boolean;
    /** ISO 8601, or null before the first heartbeat. */
    lastBeatAt: string | null;
    connectedAt: string;
  }[];
}

export function healthReport(
  startedAt: number,
  now: number,
  customers: number,
  applications: Iterable<ApplicationStatus>,
): HealthReport {
  return {
    status: 'ok',
    uptimeSeconds: Math.floor((now - startedAt) / 1000),
    customers,
    applications: [...applications].map((app) => ({
      connection: app.connection,
      name: app.name,
      available: app.available,
      lastBeatAt: app.lastBeatAt === null ? null : new Date(app.lastBeatAt).toISOString(),
      connectedAt: new Date(app.connectedAt).toISOString(),
    })),
  };
}

/** The `/healthz` answer in cluster mode: its HTTP status and body. */
export async function clusterHealth(
  report: HealthReport,
  cluster: ClusterPort,
  webhooksDropped: number,
): Promise<{ status: 200 | 503; body: Record<string, unknown> }> {
  const { node } = cluster;
  const own = report.applications.map((app) => ({ node, ...app }));
  if (cluster.redis() === 'down') {
    return { status: 503, body: { ...report, status: 'degraded', node, redis: 'down', applications: own, webhooksDropped } };
  }
  // Redis answering slowly is not yet Redis down (the node still routes): this node's own applications then.
  const overview = await cluster.overview().catch(() => null);
  return {
    status: 200,
    body: {
      ...report,
      node,
      redis: 'ok',
      applications: overview?.applications ?? own,
      ...(overview ? { conversations: overview.conversations, backlogBytes: overview.backlogBytes } : {}),
      webhooksDropped,
    },
  };
}
