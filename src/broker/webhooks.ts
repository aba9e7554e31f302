/**
 * Session webhooks the way seed 003 (Gitple) does them: a JSON `POST` per session state change, signed
 * with `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the exact body>`. Delivery runs beside routing and
 * never delays it: `send` returns at once, failures are retried with backoff and then logged, never thrown.
 * A slow or dead receiver holds bounded sockets and memory (see `createWebhookSender`).
 */

import { createHmac } from 'node:crypto';

export interface SessionWebhookPayload {
  type: 'session_state_open' | 'session_state_close';
  /** When this payload was made (ISO 8601 UTC). */
  ctime: string;
  session: {
    userId: string;
    openTime: string;
    closeTime?: string;
    reason?: 'client_left' | 'end_session';
  };
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Delays before each retry; its length is the number of retries. Default 1 s, 5 s, 30 s. */
  retryDelaysMs?: number[];
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** Requests in flight at once. Default 16. */
  concurrency?: number;
  /** Deliveries waiting (queued, or between retries); beyond, the oldest is dropped. Default 10,000. */
  maxWaiting?: number;
  log: (line: string) => void;
}

export interface WebhookSender {
  send(payload: SessionWebhookPayload): void;
  /** Deliveries dropped because more than `maxWaiting` were waiting (`/healthz` `webhooksDropped`). */
  dropped(): number;
  /** Cancels pending retries and aborts requests in flight. */
  close(): void;
}

interface Delivery {
  body: string;
  signature: string;
  type: string;
  /** Attempts made so far. */
  tries: number;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

/** The `X-Hub-Signature` value for a body. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * DESIGN §6.2: at most `concurrency` requests in flight (fetch keeps their connections alive), each with a
 * timeout, so a slow or dead receiver holds at most that many sockets; at most `maxWaiting` deliveries wait
 * (in the queue or for a retry), the oldest dropped with a log line and a count, so it holds bounded memory.
 */
export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 16;
  const maxWaiting = options.maxWaiting ?? 10_000;
  /** Oldest first. */
  const queue: Delivery[] = [];
  /** Deliveries waiting for a retry, oldest first (Map keeps insertion order). */
  const retrying = new Map<NodeJS.Timeout, Delivery>();
  const shutdown = new AbortController();
  let inFlight = 0;
  let dropped = 0;
  let lastDropLog = 0;

  /** Status codes worth another try: the receiver may recover. Other 4xx will not change. */
  const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

  function dropOldest(): void {
    let victim = queue.shift();
    if (victim === undefined) {
      const oldest = retrying.entries().next();
      if (oldest.done) return;
      clearTimeout(oldest.value[0]);
      retrying.delete(oldest.value[0]);
      victim = oldest.value[1];
    }
    dropped += 1;
    // One line a second at most: a dead receiver under load drops thousands.
    const now = Date.now();
    if (now - lastDropLog >= 1_000) {
      lastDropLog = now;
      options.log(
        `webhook error: ${victim.type} dropped, more than ${maxWaiting} waiting (SERMO_WEBHOOK_QUEUE); ${dropped} dropped since start`,
      );
    }
  }

  function enqueue(delivery: Delivery): void {
    queue.push(delivery);
    while (queue.length + retrying.size > maxWaiting) dropOldest();
    pump();
  }

  function pump(): void {
    while (inFlight < concurrency && !shutdown.signal.aborted) {
      const delivery = queue.shift();
      if (delivery === undefined) return;
      inFlight += 1;
      void attempt(delivery).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  async function attempt(delivery: Delivery): Promise<void> {
    delivery.tries += 1;
    let outcome: string;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature': delivery.signature },
        body: delivery.body,
        signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(timeoutMs)]),
      });
      // The body is not needed; reading it frees the connection for the next request.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      if (!retryable(response.status)) {
        options.log(`webhook ${delivery.type} refused with HTTP ${response.status}; not retried`);
        return;
      }
      outcome = `HTTP ${response.status}`;
    } catch (error) {
      if (shutdown.signal.aborted) return;
      outcome = error instanceof Error ? error.name : 'error';
    }
    const delay = retryDelays[delivery.tries - 1];
    if (delay === undefined) {
      options.log(`webhook ${delivery.type} failed after ${delivery.tries} tries (${outcome}); dropped`);
      return;
    }
    options.log(`webhook ${delivery.type} failed (${outcome}); retry in ${delay} ms`);
    const timer = setTimeout(() => {
      retrying.delete(timer);
      enqueue(delivery);
    }, delay);
    retrying.set(timer, delivery);
  }

  return {
    send(payload) {
      if (shutdown.signal.aborted) return;
      // Signed once: every retry carries the exact same bytes and signature.
      const body = JSON.stringify(payload);
      enqueue({ body, signature: signBody(body, options.secret), type: payload.type, tries: 0 });
    },
    dropped: () => dropped,
    close() {
      shutdown.abort();
      for (const timer of retrying.keys()) clearTimeout(timer);
      retrying.clear();
      queue.length = 0;
    },
  };
}
