import { describe, expect, it } from 'vitest';
import { frameWithId, seedOutboundId } from './conversation-store.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { createMemoryStore, type MemoryStoreLimits } from './memory-store.ts';

function setup(limits: Partial<MemoryStoreLimits> = {}) {
  let clock = 1_760_000_000_000;
  const store = createMemoryStore({ ...DEFAULT_LIMITS, ...limits }, () => clock);
  return { store, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('outbound ids', () => {
  it('seeds a userId without state from the clock in microseconds and counts up by one', async () => {
    const { store, now } = setup();
    const first = await store.appendOutbound('a', '{"type":"info"}', true);
    expect(first).toBe(seedOutboundId(now()) + 1);
    expect(await store.appendOutbound('a', '{"type":"typing_on"}', false)).toBe(first + 1);
    expect(await store.appendOutbound('a', '{"type":"info"}', true)).toBe(first + 2);
    expect(Number.isSafeInteger(first)).toBe(true);
    expect(String(first)).toHaveLength(16);
  });

  it('gives ids above every earlier one after the state was forgotten, as after a restart', async () => {
    const { store, advance } = setup({ conversationIdleMs: 1_000 });
    let last = 0;
    for (let i = 0; i < 600; i++) last = await store.appendOutbound('a', '{"type":"info"}', true);
    advance(1_001);
    store.sweep();
    expect(await store.has('a')).toBe(false);
    advance(1);
    expect(await store.appendOutbound('a', '{"type":"info"}', true)).toBeGreaterThan(last);
  });

  it('replays kept events after lastEventId, in order, without typing, and changes no counter', async () => {
    const { store } = setup();
    const one = await store.appendOutbound('a', '{"type":"text","text":"one"}', true);
    await store.appendOutbound('a', '{"type":"typing_on"}', false);
    const three = await store.appendOutbound('a', '{"type":"text","text":"three"}', true);
    expect(await store.replay('a', one)).toEqual([{ id: three, body: '{"type":"text","text":"three"}' }]);
    expect(await store.replay('a', Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(await store.appendOutbound('a', '{"type":"info"}', true)).toBe(three + 1);
    expect(await store.replay('nobody', 0)).toEqual([]);
  });
});

describe('memory bounds', () => {
  it('forgets a conversation idle past the limit and keeps one touched since', async () => {
    const { store, advance } = setup({ conversationIdleMs: 1_000 });
    await store.touch('idle');
    await store.touch('busy');
    advance(600);
    await store.touch('busy');
    advance(600);
    store.sweep();
    expect(await store.has('idle')).toBe(false);
    expect(await store.has('busy')).toBe(true);
    expect(store.stats().conversations).toBe(1);
  });

  it('drops the longest-idle backlog first when all backlogs pass their byte cap', async () => {
    const { store, advance } = setup({ backlogTotalBytes: 250 });
    const body = `{"type":"text","text":"${'x'.repeat(80)}"}`;
    await store.appendOutbound('oldest', body, true);
    advance(1);
    await store.appendOutbound('middle', body, true);
    advance(1);
    await store.touch('oldest'); // now 'middle' has been idle longest
    advance(1);
    await store.appendOutbound('newest', body, true);
    expect(await store.replay('middle', 0)).toEqual([]);
    expect(await store.replay('oldest', 0)).toHaveLength(1);
    expect(await store.replay('newest', 0)).toHaveLength(1);
    expect(store.stats().backlogBytes).toBe(2 * body.length);
  });
});

describe('dedupe per sender', () => {
  it("treats an id as a repeat only for the sender that used it", async () => {
    const { store } = setup();
    expect(await store.admit('a', 'customer', 'x')).toBe(true);
    expect(await store.admit('a', 'customer', 'x')).toBe(false);
    expect(await store.admit('a', 'app:bot', 'x')).toBe(true);
    expect(await store.admit('a', 'app:desk', 'x')).toBe(true);
    expect(await store.admit('a', 'app:bot', 'x')).toBe(false);
    expect(await store.admit('b', 'customer', 'x')).toBe(true);
    expect(await store.admit(null, 'app:bot', 'x')).toBe(true);
    expect(await store.admit(null, 'app:bot', 'x')).toBe(false);
  });
});

describe('frameWithId', () => {
  it('puts the id back as the last field', () => {
    expect(frameWithId('{"type":"info","text":"hi"}', 1_760_000_000_000_001)).toBe('{"type":"info","text":"hi","id":1760000000000001}');
  });
});
