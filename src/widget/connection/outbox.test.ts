import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TextInbound } from '../../protocol/index.ts';
import { createMemoryStorage } from '../platform/memory-storage.ts';
import { createStore, type KeyValueStore } from '../platform/storage.ts';
import { OUTBOX_KEY, PACE_MS, PROOF_MS, createOutbox, loadOutbox, type OutboxEntry, type OutboxOptions } from './outbox.ts';

const text = (id: string, body = id, extra: Partial<TextInbound> = {}): OutboxEntry => ({
  type: 'text',
  direction: 'inbound',
  userId: 'u1',
  ...extra,
  id,
  text: body,
});
const start: OutboxEntry = { type: 'start', direction: 'inbound', userId: 'u1', id: 's', params: { q: 'x' } };

function setup(store: KeyValueStore = createStore(() => createMemoryStorage()), acking = false) {
  const written: string[] = [];
  const delivered: string[] = [];
  let socketOpen = true;
  const options: OutboxOptions = {
    store,
    userId: 'u1',
    sendsStart: true,
    write: (entry) => {
      if (!socketOpen) return false;
      written.push(entry.id);
      return true;
    },
    onDelivered: (id) => delivered.push(id),
  };
  const outbox = createOutbox(options);
  // An acking broker has acked something already (the heartbeat, say).
  if (acking) outbox.ack('hb');
  /** A socket opened: what the outbox writes, with the transport's heartbeat marked `hb`. */
  const resume = () => outbox.resume(() => written.push('hb'));
  return {
    store,
    outbox,
    written,
    delivered,
    resume,
    setSocketOpen: (open: boolean) => {
      socketOpen = open;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createOutbox', () => {
  it('keeps entries while no socket is open, then writes the heartbeat and them in order, paced', () => {
    const { outbox, written, delivered, resume } = setup();
    outbox.add(text('a'));
    outbox.add(text('b'));
    outbox.add(text('c'));
    expect(written).toEqual([]);
    resume();
    expect(written).toEqual(['hb', 'a']);
    vi.advanceTimersByTime(PACE_MS - 1);
    expect(written).toEqual(['hb', 'a']);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(['hb', 'a', 'b']);
    vi.advanceTimersByTime(PACE_MS);
    expect(written).toEqual(['hb', 'a', 'b', 'c']);
    expect(delivered).toEqual([]);
    // Never acked by this broker: what stayed on an open socket PROOF_MS after the last write is delivered.
    vi.advanceTimersByTime(PROOF_MS - 1);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(outbox.entries()).toEqual([]);
  });

  it('writes a waiting start before the heartbeat, and the rest after it (DESIGN §4 frame order)', () => {
    const { outbox, written, resume } = setup(undefined, true);
    outbox.add(start);
    outbox.add(text('a'));
    resume();
    expect(written).toEqual(['s', 'hb']);
    vi.advanceTimersByTime(PACE_MS);
    expect(written).toEqual(['s', 'hb', 'a']);
    // Another socket, start acked meanwhile: the heartbeat is first.
    outbox.ack('s');
    outbox.pause();
    resume();
    expect(written).toEqual(['s', 'hb', 'a', 'hb', 'a']);
  });

  it('does not count a frame as delivered when its socket is lost before the proof, even without acks', () => {
    // Issue 12 row 12: a broker that refuses a frame (1009) closes at once, before any ack.
    const { outbox, written, delivered, resume } = setup();
    outbox.add(start);
    resume();
    vi.advanceTimersByTime(PROOF_MS - 1);
    outbox.pause();
    vi.advanceTimersByTime(PROOF_MS * 2);
    expect(delivered).toEqual([]);
    resume();
    expect(written).toEqual(['s', 'hb', 's', 'hb']);
    vi.advanceTimersByTime(PROOF_MS);
    expect(delivered).toEqual(['s']);
  });

  it('against an acking broker keeps entries until acked and resends them after a reconnect', () => {
    const { outbox, written, delivered, resume } = setup(undefined, true);
    resume();
    outbox.add(text('a'));
    outbox.add(text('b'));
    vi.advanceTimersByTime(PROOF_MS * 2);
    expect(written).toEqual(['hb', 'a', 'b']);
    expect(delivered).toEqual([]);
    outbox.ack('a');
    expect(delivered).toEqual(['a']);
    outbox.pause();
    resume();
    expect(written).toEqual(['hb', 'a', 'b', 'hb', 'b']);
    outbox.ack('b');
    expect(outbox.entries()).toEqual([]);
    outbox.ack('unknown');
    expect(delivered).toEqual(['a', 'b']);
  });

  it('survives a reload: a new outbox on the same storage has the same entries, ids and order', () => {
    const first = setup(undefined, true);
    first.outbox.add(start);
    first.outbox.add(text('a', 'line one\nline two'));
    first.outbox.add(text('b', 'b', { quickReplyPayload: 'p', imageId: 'img' }));
    first.outbox.dispose();
    const second = setup(first.store, true);
    expect(second.outbox.entries()).toEqual([start, text('a', 'line one\nline two'), text('b', 'b', { quickReplyPayload: 'p', imageId: 'img' })]);
    second.resume();
    vi.advanceTimersByTime(PACE_MS * 2);
    expect(second.written).toEqual(['s', 'hb', 'a', 'b']);
  });

  it('reads back only frames with an id, of its own conversation', () => {
    const store = createStore(() => createMemoryStorage());
    store.set(
      OUTBOX_KEY,
      [
        '{"type":"text","direction":"inbound","userId":"u1","text":"kept","id":"k"}',
        'not json',
        '{"type":"text","direction":"inbound","userId":"u1","text":"no id"}',
        '{"type":"text","direction":"inbound","userId":"u2","text":"another conversation","id":"o"}',
        '{"type":"heartbeat","direction":"inbound","userId":"u1","id":"h"}',
        '[1,2]',
      ].join('\n'),
    );
    expect(loadOutbox(store, 'u1').map((e) => e.id)).toEqual(['k']);
  });

  it('stops writing when the socket is gone and writes again on resume', () => {
    const { outbox, written, setSocketOpen, resume } = setup(undefined, true);
    resume();
    setSocketOpen(false);
    outbox.add(text('a'));
    expect(written).toEqual(['hb']);
    setSocketOpen(true);
    resume();
    expect(written).toEqual(['hb', 'hb', 'a']);
  });

  it('unstore() removes the stored copy and keeps delivering from memory, events of any kind', () => {
    const { outbox, store, written, resume } = setup(undefined, true);
    outbox.add(text('a'));
    expect(store.get(OUTBOX_KEY)).not.toBeNull();
    outbox.unstore();
    expect(store.get(OUTBOX_KEY)).toBeNull();
    outbox.add({ type: 'client_left', direction: 'inbound', userId: 'u1', id: 'c', text: 'bye', at: '2026-01-01T00:00:00.000Z' });
    expect(store.get(OUTBOX_KEY)).toBeNull();
    resume();
    vi.advanceTimersByTime(PACE_MS);
    expect(written).toEqual(['hb', 'a', 'c']);
  });

  it('dispose() leaves no timer', () => {
    const { outbox, resume } = setup();
    resume();
    outbox.add(text('a'));
    outbox.add(text('b'));
    expect(vi.getTimerCount()).toBe(2); // the pace and the proof
    outbox.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
