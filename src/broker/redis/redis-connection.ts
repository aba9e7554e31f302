/**
 * The node's three connections to Redis (DESIGN §6.1) and whether Redis is usable right now.
 *
 * - `cmd` runs the scripts and every short command; it fails fast while Redis is unreachable (no offline
 *   queue: a command that cannot be sent is refused at once, so nothing is acked and the client resends) and
 *   gives up on a reply after 5 s. A hung Redis is found sooner by the PING below; the longer per-command
 *   limit keeps a node whose event loop was starved for a few seconds (a busy machine) from failing, and
 *   closing with 1013, sockets whose replies were already waiting to be read.
 * - `sub` holds the per-userId channels; after a reconnect the client resubscribes before it says `ready`.
 * - `reader` runs the blocking `XREAD` on the applications' stream, so it never delays anything else.
 *
 * Up or down: healthy means all three connected and a PING answered within the last 2 s; unhealthy for 1 s
 * is `down` (a blip does not cut every socket), healthy again is `ok` at once. The node listens from the
 * start and is `down` until Redis first answers.
 */

import { createHash } from 'node:crypto';
import { createClient, type RedisArgument } from 'redis';

export type RedisState = 'ok' | 'down';

/** What the exchange uses of a node-redis client. */
export interface RedisClient {
  readonly isReady: boolean;
  sendCommand(args: readonly RedisArgument[], options?: { timeout?: number; abortSignal?: AbortSignal; rejectInFlight?: boolean; typeMapping?: object }): Promise<unknown>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready' | 'reconnecting', listener: () => void): unknown;
  connect(): Promise<unknown>;
  destroy(): void;
}

const PING_EVERY_MS = 500;
const PONG_FRESH_MS = 2_000;
const DOWN_AFTER_MS = 1_000;
const COMMAND_TIMEOUT_MS = 5_000;

export function newClient(url: string, log: (line: string) => void, name: string): RedisClient {
  const client = createClient({
    url,
    RESP: 2,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1_000, reconnectStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, 1_000) },
    commandOptions: { timeout: COMMAND_TIMEOUT_MS, rejectInFlight: true },
  });
  let lastError = '';
  // Without a listener an error would end the process; one line per new kind of error is enough.
  client.on('error', (error: Error) => {
    if (error.message !== lastError) log(`redis ${name}: ${error.message}`);
    lastError = error.message;
  });
  client.on('ready', () => {
    lastError = '';
  });
  return client;
}

/** Runs scripts by hash, loading them again when Redis lost them (a restart: `NOSCRIPT`). */
export class Scripts {
  private readonly hashes = new Map<string, string>();

  constructor(private readonly client: () => RedisClient) {}

  async run(script: string, keys: readonly string[], args: readonly RedisArgument[], options?: { typeMapping?: object }): Promise<unknown> {
    let sha = this.hashes.get(script);
    if (sha === undefined) this.hashes.set(script, (sha = createHash('sha1').update(script).digest('hex')));
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await this.client().sendCommand(['EVALSHA', sha, ...tail], options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client().sendCommand(['EVAL', script, ...tail], options);
    }
  }
}

/** Watches the connections and says when Redis goes `down` and comes back `ok`. */
export class RedisHealth {
  private state: RedisState = 'down';
  private lastPong = 0;
  private unhealthySince: number;
  private pinging = false;
  private readonly timer: NodeJS.Timeout;
  private readonly listeners: ((state: RedisState) => void)[] = [];

  constructor(
    private readonly cmd: RedisClient,
    private readonly others: () => readonly RedisClient[],
  ) {
    this.unhealthySince = Date.now();
    this.timer = setInterval(() => this.check(), PING_EVERY_MS);
    this.timer.unref();
  }

  get current(): RedisState {
    return this.state;
  }

  onChange(listener: (state: RedisState) => void): void {
    this.listeners.push(listener);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const time = Date.now();
    if (!this.pinging && this.cmd.isReady) {
      this.pinging = true;
      this.cmd
        .sendCommand(['PING'], { timeout: 1_000 })
        .then(() => {
          this.lastPong = Date.now();
        })
        .catch(() => undefined)
        .finally(() => {
          this.pinging = false;
        });
    }
    const healthy = this.cmd.isReady && this.others().every((client) => client.isReady) && time - this.lastPong < PONG_FRESH_MS;
    if (healthy) {
      this.unhealthySince = Number.POSITIVE_INFINITY;
      this.set('ok');
    } else {
      this.unhealthySince = Math.min(this.unhealthySince, time);
      if (time - this.unhealthySince >= DOWN_AFTER_MS) this.set('down');
    }
  }

  private set(state: RedisState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
