/**
 * Customer events that must not be lost (DESIGN §4.3): every `text`, and the conversation's `start`.
 *
 * An entry stays here, and in sessionStorage, until it is delivered:
 * - against a broker that has acked something in this conversation, when its ack arrives;
 * - otherwise (the seeds' brokers never ack), as soon as it is written to an open socket.
 * After a reconnect or a reload the remaining entries are written again, same `id`, in order, at most one
 * per PACE_MS so a long outbox never trips the broker's rate limit (DESIGN §6: 20 a second).
 *
 * Stored form: one format 2 frame per line (JSON escapes newlines, so a line is a frame), read back with
 * the protocol's own parser: stored data is wire data too (STYLE B.3).
 */
import { encodeInbound, parseStoredInbound, type StoredInbound } from '../../protocol/index.ts';
import type { KeyValueStore } from './storage.ts';

/** An outbox entry: always has its `id`, the key acks and dedupe work by. */
export type OutboxEntry = StoredInbound;

/** DESIGN §4.3: no more than 10 events a second. */
export const PACE_MS = 100;

export interface OutboxOptions {
  store: KeyValueStore;
  key: string;
  /** Write to the open socket; false when there is none. */
  write(entry: OutboxEntry): boolean;
  /** Whether this broker acks (it has sent at least one ack in this conversation). */
  acking(): boolean;
  /** The entry is delivered and gone from the outbox. */
  onDelivered(id: string): void;
  now(): number;
}

export interface Outbox {
  /** Entries not yet delivered, oldest first. */
  entries(): readonly OutboxEntry[];
  add(entry: OutboxEntry): void;
  /** A socket opened: write everything again from the first entry. */
  resume(): void;
  /** The socket is gone: stop writing until the next resume(). */
  pause(): void;
  ack(id: string): void;
  /** Forget every entry (a new conversation). */
  clear(): void;
  dispose(): void;
}

/** Read the stored entries back, dropping anything that is not a start or text with an id. */
export function loadOutbox(store: KeyValueStore, key: string): OutboxEntry[] {
  const stored = store.get(key);
  if (!stored) return [];
  const entries: OutboxEntry[] = [];
  for (const line of stored.split('\n')) {
    const parsed = parseStoredInbound(line);
    if (parsed.ok) entries.push(parsed.event);
  }
  return entries;
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { store, key } = options;
  let entries: OutboxEntry[] = loadOutbox(store, key);
  /** Entries at the head already written on the current socket, waiting for their acks. */
  let written = 0;
  let open = false;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const persist = () => {
    if (entries.length === 0) store.remove(key);
    else store.set(key, entries.map((e) => encodeInbound(e, 2)).join('\n'));
  };

  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const pause = () => {
    open = false;
    written = 0;
    stopTimer();
  };

  const remove = (index: number) => {
    const [entry] = entries.splice(index, 1);
    if (!entry) return;
    if (index < written) written -= 1;
    persist();
    options.onDelivered(entry.id);
  };

  const pump = () => {
    if (!open || timer !== null || written >= entries.length) return;
    const wait = lastWriteAt + PACE_MS - options.now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = null;
        pump();
      }, wait);
      return;
    }
    const entry = entries[written];
    if (!entry) return;
    if (!options.write(entry)) {
      open = false;
      return;
    }
    lastWriteAt = options.now();
    // DESIGN §4.3: against a broker that never acked, written to an open socket counts as delivered.
    if (options.acking()) written += 1;
    else remove(written);
    pump();
  };

  return {
    entries: () => entries,
    add(entry) {
      entries = [...entries, entry];
      persist();
      pump();
    },
    resume() {
      stopTimer();
      open = true;
      written = 0;
      lastWriteAt = Number.NEGATIVE_INFINITY;
      pump();
    },
    pause,
    ack(id) {
      const index = entries.findIndex((e) => e.id === id);
      if (index >= 0) remove(index);
    },
    clear() {
      entries = [];
      written = 0;
      stopTimer();
      store.remove(key);
    },
    dispose: pause,
  };
}
