/**
 * Customer events that must not be lost (DESIGN §4.3): the conversation's `start`, every `text`, and
 * `client_left` (later `rating`): any inbound event with an `id` can wait here. Stored are those of a running
 * conversation (`start`, `text`, which the protocol's stored reader knows); the ended conversation's
 * outbox lives in memory (`unstore`), delivered while the page lives.
 *
 * An entry stays here, and in storage, until it is delivered:
 * - against a broker that has acked something in this conversation, when its ack arrives;
 * - otherwise (the seeds' brokers never ack), once the socket it was written to stayed open PROOF_MS after
 *   the last write. A socket the broker closes at once (a frame it refused, 1009) or the network cut proves
 *   nothing, so what was written to it goes again on the next one.
 * On every socket a `start` not yet delivered goes first, then the opening frame (the transport's
 * heartbeat), then the other entries in order, same `id`, at most one per PACE_MS so a long outbox never
 * trips the broker's rate limit (DESIGN §6: 20 a second).
 *
 * Stored form: one format 2 frame per line (JSON escapes newlines, so a line is a frame), read back with
 * the protocol's own parser: stored data is wire data too (STYLE B.3).
 *
 * Several tabs share it (DESIGN §4.5): `sync()` takes in what another tab wrote (with `syncOutbox`, in the chunk
 * of the merges of other tabs' writes, state/tab-sync.ts). Every tab sends what waits,
 * same `id` (an acking broker delivers it once), so a text waiting in a tab that closes is delivered by
 * another. Under `<OUTBOX_KEY>.acked` are the ids delivered lately (the last ACKED_KEPT): a tab that has not
 * heard of a delivery yet writes its outbox again with the entry in it, and the next `sync()` anywhere drops
 * it again, rather than dropping an entry it merely has not seen yet.
 */
import { encodeFormat2, parseStoredInbound, type InboundEvent } from '../../protocol/index.ts';
import { STORAGE_PREFIX, type KeyValueStore } from '../platform/storage.ts';
import type { syncOutbox } from '../state/tab-sync.ts';

/** Where the outbox is stored, with the conversation. */
export const OUTBOX_KEY = `${STORAGE_PREFIX}outbox`;

/** An outbox entry: any event, always with its `id`, the key acks and dedupe work by. */
export type OutboxEntry = InboundEvent & { id: string };

/** Ids of delivered entries kept as delivered, so a stale copy written by another tab cannot bring one back. */
export const ACKED_KEPT = 100;

/** DESIGN §4.3: no more than 10 events a second. */
export const PACE_MS = 100;
/** Against a broker that never acks, a frame counts as delivered once its socket stayed open this long after. */
export const PROOF_MS = 2_000;

export interface OutboxOptions {
  store: KeyValueStore;
  /** Only entries of this conversation are read back (a socket is bound to one userId, DESIGN §6). */
  userId: string;
  /**
   * Whether a stored `start` is this page's to send: it began the conversation, or found it with no other tab
   * open (a reload). A `start` another open tab wrote is left to that tab, so it goes once (DESIGN §4.5).
   */
  sendsStart: boolean;
  /** Write to the open socket; false when there is none. */
  write(entry: OutboxEntry): boolean;
  /** The entry is delivered and gone from the outbox. */
  onDelivered(id: string): void;
}

export interface Outbox {
  /** Entries not yet delivered, oldest first. */
  entries(): readonly OutboxEntry[];
  add(entry: OutboxEntry): void;
  /** A socket opened: a waiting `start`, then `opening()`, then everything else again from the first entry. */
  resume(opening: () => void): void;
  /** The socket is gone: stop writing until the next resume(); nothing written to it counts as delivered. */
  pause(): void;
  /** The broker acked `id` (an outbox entry's, or another event's such as the heartbeat's). */
  ack(id: string): void;
  /** Take in what another tab stored: entries it added, and the ones it delivered (`merge`: tab-sync.ts). */
  sync(merge: typeof syncOutbox): void;
  /**
   * Keep the entries in memory only from now on; and remove the stored copy (the conversation is forgotten)
   * unless `keep` (another tab ended it, and its next conversation may be stored under the same key).
   */
  unstore(keep?: boolean): void;
  dispose(): void;
}

/** Read the stored entries of `userId` back, dropping anything that does not read as a stored event with an id. */
export function loadOutbox(store: KeyValueStore, userId: string): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (const line of store.get(OUTBOX_KEY)?.split('\n') ?? []) {
    const parsed = parseStoredInbound(line);
    if (parsed.ok && parsed.event.userId === userId) entries.push(parsed.event);
  }
  return entries;
}

export function createOutbox(options: OutboxOptions): Outbox {
  let store: KeyValueStore | null = options.store;
  const load = (from: KeyValueStore) =>
    loadOutbox(from, options.userId).filter((e) => options.sendsStart || e.type !== 'start');
  const entries: OutboxEntry[] = load(options.store);
  /** Entries at the head written on the current socket: their ack, or their proof, is awaited. */
  let written = 0;
  /**
   * The broker has acked an event on this page: from now on only an ack delivers. Not stored: after a
   * reload the heartbeat's ack says so again, and until then nothing counts as delivered before its proof,
   * so nothing is lost meanwhile.
   */
  let acking = false;
  let open = false;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  let paceTimer: ReturnType<typeof setTimeout> | undefined;
  let proofTimer: ReturnType<typeof setTimeout> | undefined;

  const ackedKey = `${OUTBOX_KEY}.acked`;
  const storedAcked = () => new Set(options.store.get(ackedKey)?.split(' '));
  const acked = storedAcked();

  /** The stored outbox as this page last wrote it: if it reads otherwise, another tab wrote since. */
  let lastWritten = options.store.get(OUTBOX_KEY);
  const persist = () => {
    if (!store) return;
    for (const id of [...acked].slice(0, -ACKED_KEPT)) acked.delete(id);
    if (acked.size > 0) store.set(ackedKey, [...acked].join(' '));
    // Entries another tab stored that this page has not taken in yet (its merge, tab-sync.ts, not in: offline, the
    // chunk may not load for a while) stay stored, unless this page delivered them: that tab may close first.
    const others = store.get(OUTBOX_KEY) === lastWritten ? [] : load(store).filter((s) => !acked.has(s.id) && !entries.some((e) => e.id === s.id));
    const kept = [...entries, ...others];
    lastWritten = kept.length > 0 ? kept.map(encodeFormat2).join('\n') : null;
    if (lastWritten === null) store.remove(OUTBOX_KEY);
    else store.set(OUTBOX_KEY, lastWritten);
  };

  const stop = () => {
    open = false;
    written = 0;
    clearTimeout(paceTimer);
    clearTimeout(proofTimer);
    paceTimer = undefined;
  };

  const remove = (index: number) => {
    const [entry] = entries.splice(index, 1);
    if (!entry) return;
    acked.add(entry.id);
    if (index < written) written -= 1;
    persist();
    options.onDelivered(entry.id);
  };

  const writeNext = (): boolean => {
    const entry = entries[written];
    if (!entry || !options.write(entry)) return false;
    lastWriteAt = Date.now();
    written += 1;
    // Against a broker that never acked: what stayed on an open socket PROOF_MS after the last write is
    // delivered (the acks will say otherwise).
    clearTimeout(proofTimer);
    proofTimer = setTimeout(() => {
      while (written > 0 && !acking) remove(0);
    }, PROOF_MS);
    return true;
  };

  const pump = () => {
    if (!open || paceTimer || written >= entries.length) return;
    const wait = lastWriteAt + PACE_MS - Date.now();
    if (wait > 0) {
      paceTimer = setTimeout(() => {
        paceTimer = undefined;
        pump();
      }, wait);
    } else if (writeNext()) pump();
    else open = false;
  };

  return {
    entries: () => entries,
    add(entry) {
      entries.push(entry);
      persist();
      pump();
    },
    resume(opening) {
      stop();
      open = true;
      lastWriteAt = Number.NEGATIVE_INFINITY;
      // DESIGN §4: `start` is the first frame of its conversation's socket, before the heartbeat.
      if (entries[0]?.type === 'start') writeNext();
      opening();
      pump();
    },
    pause: stop,
    ack(id) {
      acking = true;
      const index = entries.findIndex((e) => e.id === id);
      if (index >= 0) remove(index);
    },
    sync(merge) {
      if (store) merge(load(store), storedAcked(), acked, entries, remove, persist);
      pump();
    },
    unstore(keep) {
      if (!keep) {
        store?.remove(OUTBOX_KEY);
        store?.remove(ackedKey);
      }
      store = null;
    },
    dispose: stop,
  };
}
