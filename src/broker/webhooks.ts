/**
 * Session webhooks the way seed 003 (Gitple) does them: a JSON `POST` per session state change, signed
 * with `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the exact body>`. Delivery runs beside routing and
 * never delays it: `send` returns at once, failures are retried with backoff and then logged, never thrown.
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
  /** Per-attempt timeout. */
  timeoutMs?: number;
  log: (line: string) => void;
}

export interface WebhookSender {
  send(payload: SessionWebhookPayload): void;
  /** Cancels pending retries and aborts requests in flight. */
  close(): void;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

/** The `X-Hub-Signature` value for a body. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function createWebhookSender(options: WebhookOptions): WebhookSender {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timers = new Set<NodeJS.Timeout>();
  const shutdown = new AbortController();

  /** Status codes worth another try: the receiver may recover. Other 4xx will not change. */
  const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

  async function attempt(body: string, signature: string, type: string, tryIndex: number): Promise<void> {
    let outcome: string;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
        body,
        signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(timeoutMs)]),
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      if (!retryable(response.status)) {
        options.log(`webhook ${type} refused with HTTP ${response.status}; not retried`);
        return;
      }
      outcome = `HTTP ${response.status}`;
    } catch (error) {
      if (shutdown.signal.aborted) return;
      outcome = error instanceof Error ? error.name : 'error';
    }
    const delay = retryDelays[tryIndex];
    if (delay === undefined) {
      options.log(`webhook ${type} failed after ${tryIndex + 1} tries (${outcome}); dropped`);
      return;
    }
    options.log(`webhook ${type} failed (${outcome}); retry in ${delay} ms`);
    const timer = setTimeout(() => {
      timers.delete(timer);
      void attempt(body, signature, type, tryIndex + 1);
    }, delay);
    timers.add(timer);
  }

  return {
    send(payload) {
      if (shutdown.signal.aborted) return;
      // Signed once: every retry carries the exact same bytes and signature.
      const body = JSON.stringify(payload);
      void attempt(body, signBody(body, options.secret), payload.type, 0);
    },
    close() {
      shutdown.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
