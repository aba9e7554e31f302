import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDelayQueue } from './delay-queue.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const log: string[] = [];
  const queue = createDelayQueue<{ name: string; delay: number }>({
    delayOf: (item) => item.delay,
    onWait: (item) => log.push(`wait ${item.name}`),
    run: (item) => log.push(`run ${item.name}`),
  });
  return { log, queue };
}

describe('createDelayQueue', () => {
  it('runs undelayed items at once', () => {
    const { log, queue } = setup();
    queue.push({ name: 'a', delay: 0 });
    expect(log).toEqual(['run a']);
  });

  it('keeps the order: later items wait behind a delayed one', () => {
    const { log, queue } = setup();
    queue.push({ name: 'a', delay: 1000 });
    queue.push({ name: 'b', delay: 0 });
    queue.push({ name: 'c', delay: 500 });
    queue.push({ name: 'd', delay: 0 });
    expect(log).toEqual(['wait a']);
    vi.advanceTimersByTime(999);
    expect(log).toEqual(['wait a']);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['wait a', 'run a', 'run b', 'wait c']);
    vi.advanceTimersByTime(500);
    expect(log).toEqual(['wait a', 'run a', 'run b', 'wait c', 'run c', 'run d']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clear() drops what waits and leaves no timer', () => {
    const { log, queue } = setup();
    queue.push({ name: 'a', delay: 1000 });
    queue.push({ name: 'b', delay: 0 });
    queue.clear();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(log).toEqual(['wait a']);
    queue.push({ name: 'c', delay: 0 });
    expect(log).toEqual(['wait a', 'run c']);
  });
});
