import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, BACKOFF_WAITING_CAP_MS, nextDelay } from './backoff.ts';

describe('nextDelay', () => {
  it.each([
    // attempt, random, expected ms
    [0, 0, 250],
    [0, 0.999, 500],
    [1, 0, 500],
    [1, 0.5, 750],
    [2, 0, 1_000],
    [3, 0.5, 3_000],
    [5, 1, 16_000],
    [6, 0, 15_000],
    [6, 1, 30_000],
    [20, 0.5, 22_500],
    [1_000, 1, 30_000],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(nextDelay(attempt, () => random)).toBe(expected);
  });

  it('keeps the first retry under a second', () => {
    for (let r = 0; r < 1; r += 0.1) expect(nextDelay(0, () => r)).toBeLessThan(1_000);
  });

  it('never exceeds the cap, whatever random returns', () => {
    expect(nextDelay(40, () => 7)).toBe(BACKOFF_CAP_MS);
    expect(nextDelay(-3, () => -1)).toBe(250);
  });

  it('stays within a lower cap, jitter included (5 s while the outbox waits)', () => {
    expect(nextDelay(3, () => 0.5, BACKOFF_WAITING_CAP_MS)).toBe(3_000);
    expect(nextDelay(4, () => 0, BACKOFF_WAITING_CAP_MS)).toBe(2_500);
    expect(nextDelay(4, () => 0.999, BACKOFF_WAITING_CAP_MS)).toBeLessThanOrEqual(5_000);
    expect(nextDelay(30, () => 1, BACKOFF_WAITING_CAP_MS)).toBe(5_000);
  });
});
