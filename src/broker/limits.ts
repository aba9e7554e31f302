/**
 * The broker's limits (DESIGN §6, §6.2) and the small mechanisms that enforce them: a token bucket for a
 * customer socket's event rate, a count per key (open connections, uploads in flight), a sliding window
 * of events per key (new conversations a minute) and a bounded set of recent ids (dedupe).
 * None owns a timer: each is handed the clock, so tests need no fake time.
 */
import { MAX_IMAGE_BYTES } from '../protocol/limits.ts';

/** Every limit the broker enforces (DESIGN §6, §6.2). `env.ts` maps each to an environment variable. */
export interface BrokerLimits {
  /** Largest WebSocket frame accepted from anyone; larger frames close the socket with 1009. */
  maxFrameBytes: number;
  /** Events a customer socket may send per second, sustained. */
  customerEventsPerSecond: number;
  /** Events a customer socket may send at once before the sustained rate applies. */
  customerBurst: number;
  /**
   * Open connections per client address, counted from accept (before any request or upgrade); behind a
   * trusted proxy, customer sockets per forwarded client address. More get HTTP 429 or are closed.
   */
  maxCustomerSocketsPerIp: number;
  /** Open TCP connections in all; more are closed at accept. */
  maxConnections: number;
  /** How long a connection may take to send a request's headers (HTTP 408). */
  headersTimeoutMs: number;
  /** How long a connection may take to send a whole request, headers and body (HTTP 408). */
  requestTimeoutMs: number;
  /** New conversations one client address may begin per minute (close 1008 beyond); 0 = no limit. */
  newChatsPerMinute: number;
  /** Outbound events kept per userId for replay (DESIGN §4.3). */
  backlogMaxEvents: number;
  /** How long an outbound event stays replayable, in ms. */
  backlogMaxAgeMs: number;
  /** All conversations' backlogs together, in bytes; the longest-idle conversation's backlog goes first. */
  backlogTotalBytes: number;
  /** Largest image accepted by `POST /images`, decoded, in bytes. */
  maxImageBytes: number;
  /** All images kept in memory together, in bytes; an uploader's own oldest images are evicted first. */
  imageStoreBytes: number;
  /** How long an image is kept at most, in ms. */
  imageMaxAgeMs: number;
  /** Image uploads in flight per client address (HTTP 429 beyond). */
  maxUploadsPerIp: number;
  /** Image uploads in flight in all (HTTP 429 beyond). */
  maxUploads: number;
  /** Images one conversation may store per quota window (HTTP 429 beyond). */
  imagesPerConversation: number;
  /** Bytes of images one conversation may store per quota window (HTTP 429 beyond). */
  imageBytesPerConversation: number;
  /** The window of the two quotas above, in ms. */
  imageQuotaMs: number;
  /** Event ids remembered per sender and conversation to drop resends (DESIGN §4.3). */
  dedupeWindow: number;
  /** Per-userId state (ids, backlog, dedupe ids) is forgotten this long after its last socket and event, in ms. */
  conversationIdleMs: number;
  /** WebSocket ping period; a socket that did not answer the previous ping is terminated. */
  pingIntervalMs: number;
  /** Bytes queued for a slow reader before its socket is terminated (protects the broker's memory). */
  maxBufferedBytes: number;
  /** Webhook requests in flight at once. */
  webhookConcurrency: number;
  /** How long one webhook request may take before it is abandoned (and retried), in ms. */
  webhookTimeoutMs: number;
  /** Webhook deliveries waiting (queued or between retries); beyond, the oldest is dropped and counted. */
  webhookQueue: number;
}

const MINUTE = 60_000;
const MIB = 1024 * 1024;

export const DEFAULT_LIMITS: BrokerLimits = {
  maxFrameBytes: 64 * 1024,
  customerEventsPerSecond: 20,
  customerBurst: 40,
  maxCustomerSocketsPerIp: 100,
  maxConnections: 20_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  newChatsPerMinute: 30,
  backlogMaxEvents: 500,
  backlogMaxAgeMs: 15 * MINUTE,
  backlogTotalBytes: 256 * MIB,
  maxImageBytes: MAX_IMAGE_BYTES,
  imageStoreBytes: 256 * MIB,
  imageMaxAgeMs: 24 * 60 * MINUTE,
  maxUploadsPerIp: 8,
  maxUploads: 64,
  imagesPerConversation: 20,
  imageBytesPerConversation: 25 * MIB,
  imageQuotaMs: 10 * MINUTE,
  dedupeWindow: 512,
  conversationIdleMs: 15 * MINUTE,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 8 * MIB,
  webhookConcurrency: 16,
  webhookTimeoutMs: 10_000,
  webhookQueue: 10_000,
};

/**
 * A token bucket: holds at most `burst` tokens, refills at `perSecond`. Each event takes one token;
 * an event with no token left is over the limit.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /** Takes one token at time `now` (ms); false when the bucket is empty. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts open sockets per key (remote IP). Keys at zero are deleted, so memory follows open sockets. */
export class CountPerKey {
  private readonly counts = new Map<string, number>();

  /** Counts one more for `key` unless it already has `max`; false when refused. */
  tryAcquire(key: string, max: number): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = this.counts.get(key) ?? 0;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/**
 * The last `capacity` ids seen, oldest forgotten first (DESIGN §4.3 dedupe with bounded memory).
 * A `Set` keeps insertion order, so its first value is the oldest.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Remembers `id`; false when it was already remembered (a repeat). */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }
}

/**
 * Events per key within a sliding window, at most `max` (new conversations per client address a minute).
 * Exact, unlike a token bucket, which would let a full bucket and a minute's refill through in one minute.
 * Each key holds at most `max` times; `sweep` forgets keys whose times are all out of the window.
 */
export class SlidingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event for `key` at `now` unless `max` are already in the window; false when refused. */
  tryTake(key: string, now: number): boolean {
    const since = now - this.windowMs;
    const times = (this.times.get(key) ?? []).filter((time) => time > since);
    if (times.length >= this.max) {
      this.times.set(key, times);
      return false;
    }
    times.push(now);
    this.times.set(key, times);
    return true;
  }

  sweep(now: number): void {
    const since = now - this.windowMs;
    for (const [key, times] of this.times) if (times.every((time) => time <= since)) this.times.delete(key);
  }

  get size(): number {
    return this.times.size;
  }
}
