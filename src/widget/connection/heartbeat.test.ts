import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHeartbeat } from './heartbeat.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createHeartbeat', () => {
  it('beats at once, then every period, and stops cleanly', () => {
    const beats: boolean[] = [];
    const heartbeat = createHeartbeat(10_000, (first) => beats.push(first));
    heartbeat.start();
    expect(beats).toEqual([true]);
    vi.advanceTimersByTime(9_999);
    expect(beats).toEqual([true]);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(10_000);
    expect(beats).toEqual([true, false, false]);
    heartbeat.start();
    expect(beats).toEqual([true, false, false, true]);
    heartbeat.stop();
    vi.advanceTimersByTime(60_000);
    expect(beats).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });
});
