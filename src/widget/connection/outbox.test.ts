import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryStorage } from './memory-storage.ts';
import { PACE_MS, createOutbox, loadOutbox, type OutboxEntry, type OutboxOptions } from './outbox.ts';
import { createStore, type KeyValueStore } from './storage.ts';
import type { TextInbound } from '../../protocol/index.ts';

const KEY = 'sermo.chat.outbox';
const text = (id: string, body = id, extra: Partial<TextInbound> = {}): OutboxEntry => ({
  type: 'text',
  direction: 'inbound',
  userId: 'u1',
  ...extra,
  id,
  text: body,
});

function setup(store: KeyValueStore = createStore(() => createMemoryStorage()), acking = false) {
  const written: string[] = [];
  const delivered: string[] = [];
  let socketOpen = true;
  const options: OutboxOptions = {
    store,
    key: KEY,
    write: (entry) => {
      if (!socketOpen) return false;
      written.push(entry.id);
      return true;
    },
    acking: () => acking,
    onDelivered: (id) => delivered.push(id),
    now: () => Date.now(),
  };
  const outbox = createOutbox(options);
  return {
    store,
    outbox,
    written,
    delivered,
    setSocketOpen: (open: boolean) => {
      socketOpen = open;
    },
    setAcking: (a: boolean) => {
      acking = a;
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
  it('keeps entries while no socket is open, then writes them in order, paced', () => {
    const { outbox, written, delivered } = setup();
    outbox.add(text('a'));
    outbox.add(text('b'));
    outbox.add(text('c'));
    expect(written).toEqual([]);
    outbox.resume();
    expect(written).toEqual(['a']);
    vi.advanceTimersByTime(PACE_MS - 1);
    expect(written).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(['a', 'b']);
    vi.advanceTimersByTime(PACE_MS);
    expect(written).toEqual(['a', 'b', 'c']);
    // Never acked by this broker: written to an open socket counts as delivered.
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(outbox.entries()).toEqual([]);
  });

  it('against an acking broker keeps entries until acked and resends them after a reconnect', () => {
    const { outbox, written, delivered } = setup(undefined, true);
    outbox.resume();
    outbox.add(text('a'));
    outbox.add(text('b'));
    vi.advanceTimersByTime(PACE_MS);
    expect(written).toEqual(['a', 'b']);
    outbox.ack('a');
    expect(delivered).toEqual(['a']);
    outbox.pause();
    outbox.resume();
    expect(written).toEqual(['a', 'b', 'b']);
    outbox.ack('b');
    expect(outbox.entries()).toEqual([]);
    outbox.ack('unknown');
    expect(delivered).toEqual(['a', 'b']);
  });

  it('survives a reload: a new outbox on the same storage has the same entries, ids and order', () => {
    const first = setup(undefined, true);
    first.outbox.add({ type: 'start', direction: 'inbound', userId: 'u1', id: 's', params: { q: 'x' } });
    first.outbox.add(text('a', 'line one\nline two'));
    first.outbox.add(text('b', 'b', { quickReplyPayload: 'p', imageId: 'img' }));
    first.outbox.dispose();
    const second = setup(first.store, true);
    expect(second.outbox.entries()).toEqual([
      { type: 'start', direction: 'inbound', userId: 'u1', id: 's', params: { q: 'x' } },
      text('a', 'line one\nline two'),
      text('b', 'b', { quickReplyPayload: 'p', imageId: 'img' }),
    ]);
    second.outbox.resume();
    vi.advanceTimersByTime(PACE_MS * 2);
    expect(second.written).toEqual(['s', 'a', 'b']);
  });

  it('drops stored lines that are not start or text frames with an id', () => {
    const store = createStore(() => createMemoryStorage());
    store.set(
      KEY,
      [
        '{"type":"text","direction":"inbound","userId":"u1","text":"kept","id":"k"}',
        'not json',
        '{"type":"text","direction":"inbound","userId":"u1","text":"no id"}',
        '{"type":"heartbeat","direction":"inbound","userId":"u1","id":"h"}',
        '[1,2]',
      ].join('\n'),
    );
    expect(loadOutbox(store, KEY).map((e) => e.id)).toEqual(['k']);
  });

  it('stops writing when the socket is gone and writes again on resume', () => {
    const { outbox, written, setSocketOpen } = setup(undefined, true);
    outbox.resume();
    setSocketOpen(false);
    outbox.add(text('a'));
    expect(written).toEqual([]);
    setSocketOpen(true);
    outbox.resume();
    expect(written).toEqual(['a']);
  });

  it('clear() forgets everything, in storage too', () => {
    const { outbox, store } = setup();
    outbox.add(text('a'));
    expect(store.get(KEY)).not.toBeNull();
    outbox.clear();
    expect(store.get(KEY)).toBeNull();
    expect(outbox.entries()).toEqual([]);
  });

  it('dispose() leaves no timer', () => {
    const { outbox } = setup(undefined, true);
    outbox.resume();
    outbox.add(text('a'));
    outbox.add(text('b'));
    expect(vi.getTimerCount()).toBe(1);
    outbox.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
