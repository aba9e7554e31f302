/**
 * The broker's limits (DESIGN §6) and the two small mechanisms that enforce them per connection:
 * a token bucket for a customer socket's event rate and a per-IP count of open customer sockets.
 * Neither owns a timer: the bucket refills from the clock it is handed, so tests need no fake time.
 */
import { MAX_IMAGE_BYTES } from '../protocol/limits.ts';

/** Every limit the broker enforces. `main.ts` maps each to an environment variable. */
export interface BrokerLimits {
  /** Largest WebSocket frame accepted from anyone; larger frames close the socket with 1009. */
  maxFrameBytes: number;
  /** Events a customer socket may send per second, sustained. */
  customerEventsPerSecond: number;
  /** Events a customer socket may send at once before the sustained rate applies. */
  customerBurst: number;
  /** Open customer sockets per remote IP address; more get HTTP 429 on the upgrade. */
  maxCustomerSocketsPerIp: number;
  /** Outbound events kept per userId for replay (DESIGN §4.3). */
  backlogMaxEvents: number;
  /** How long an outbound event stays replayable, in ms. */
  backlogMaxAgeMs: number;
  /** Largest image accepted by `POST /images`, decoded, in bytes. */
  maxImageBytes: number;
  /** All images kept in memory together, in bytes; the oldest are evicted first. */
  imageStoreBytes: number;
  /** Event ids remembered per conversation to drop resent events (DESIGN §4.3). */
  dedupeWindow: number;
  /** A conversation with no customer socket is forgotten (backlog, ids, numbering) after this long idle, in ms. */
  conversationIdleMs: number;
  /** WebSocket ping period; a socket that did not answer the previous ping is terminated. */
  pingIntervalMs: number;
  /** Bytes queued for a slow reader before its socket is terminated (protects the broker's memory). */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: BrokerLimits = {
  maxFrameBytes: 64 * 1024,
  customerEventsPerSecond: 20,
  customerBurst: 40,
  maxCustomerSocketsPerIp: 100,
  backlogMaxEvents: 500,
  backlogMaxAgeMs: 15 * 60 * 1000,
  maxImageBytes: MAX_IMAGE_BYTES,
  imageStoreBytes: 256 * 1024 * 1024,
  dedupeWindow: 512,
  conversationIdleMs: 60 * 60 * 1000,
  pingIntervalMs: 30_000,
  maxBufferedBytes: 8 * 1024 * 1024,
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
