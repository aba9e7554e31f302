/**
 * `GET /healthz` (DESIGN §6): liveness plus what an operator wants at a glance, the number of open
 * customer sockets and each connected application with its last `application_heartbeat` (seed 001).
 */

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
