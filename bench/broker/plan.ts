/** What the broker-scale parent asks of the load generator (`load.ts`), and what it answers. */

export interface LoadPlan {
  /** Customer endpoint, e.g. `ws://127.0.0.1:PORT/ws`. */
  customerUrl: string;
  /** Several customer endpoints (cluster nodes): customer i connects to `customerUrls[i % length]`. */
  customerUrls?: string[];
  /** Application endpoint with its key, e.g. `ws://127.0.0.1:PORT/ws/app?apiKey=KEY`. */
  appUrl: string;
  /** `/healthz` of the server under load; its `customers` count confirms the sockets held. */
  healthUrl: string;
  /** The server process, whose resident memory is read from /proc. */
  serverPid: number;
  customers: number;
  /** Loopback source addresses to spread the sockets over (each has its own ephemeral ports). */
  sources: string[];
  /** Handshakes in flight at once while connecting. */
  connectConcurrency: number;
  /** Sending before the measured window, so JIT warm-up is not counted as routing latency, in ms. */
  warmupMs: number;
  /** How long the measured window lasts, after the warm-up, in ms. */
  holdMs: number;
  /** Pause after connecting before the server's memory is read and sending starts, in ms. */
  settleMs: number;
  /** Outbound texts per second the application sends, to random customers. */
  rate: number;
  /** Each customer's heartbeat period (the widget's default is 10 s), phases spread at random. */
  heartbeatMs: number;
  /** The load generator gives up and exits after this long, whatever happens. */
  deadlineMs: number;
}

export interface LoadResult {
  requested: number;
  connected: number;
  /** Handshake failures by reason (`429`, `ECONNRESET`, `timeout`...). */
  refused: Record<string, number>;
  connectMs: number;
  /** Customer sockets still open when the hold ended. */
  held: number;
  /** Sockets the server closed during the hold, by close code. */
  closedDuringHold: Record<string, number>;
  /** What the server's /healthz said at the end of the hold. */
  healthCustomers: number | null;
  sent: number;
  delivered: number;
  /** Texts sent in the measured window and delivered, per second of it. */
  eventsPerSecond: number;
  heartbeatsSent: number;
  /** Routing latency samples summary, ms: application send to customer receipt. */
  latency: { p50: number; p99: number; max: number; mean: number };
  /** With `customerUrls`: the same summary for the customers of each endpoint, in that order. */
  latencyByUrl?: { p50: number; p99: number; max: number; mean: number }[];
  /** Server resident set size in bytes: before any customer, with all connected, at the end of the hold. */
  rss: { before: number; connected: number; end: number };
}

/** Each customer's heartbeat period in the broker suites: the widget's default. */
export const LOAD_HEARTBEAT_MS = 10_000;
/** The loopback addresses the broker suites spread their customers over, so repeats never run out of ephemeral ports. */
export const LOAD_SOURCES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);

/** What the broker suites vary: how many customers, and the windows and rate of the load. */
export type LoadScale = Pick<LoadPlan, 'customers' | 'warmupMs' | 'holdMs' | 'settleMs' | 'rate'>;

/** The load plan of `scale` against a server (or cluster) at `target`'s addresses. */
export function loadPlan(scale: LoadScale, target: Pick<LoadPlan, 'customerUrl' | 'customerUrls' | 'appUrl' | 'healthUrl' | 'serverPid'>): LoadPlan {
  return {
    ...target,
    customers: scale.customers,
    sources: LOAD_SOURCES,
    connectConcurrency: 200,
    warmupMs: scale.warmupMs,
    holdMs: scale.holdMs,
    settleMs: scale.settleMs,
    rate: scale.rate,
    heartbeatMs: LOAD_HEARTBEAT_MS,
    deadlineMs: scale.warmupMs + scale.holdMs + 120_000,
  };
}
