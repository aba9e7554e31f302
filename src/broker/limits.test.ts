import { describe, expect, it } from 'vitest';
import { CountPerKey, RecentIds, TokenBucket } from './limits.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refuses until time refills it', () => {
    const bucket = new TokenBucket(20, 40, 0);
    for (let i = 0; i < 40; i++) expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.take(49)).toBe(false); // 0.98 of a token
    expect(bucket.take(50)).toBe(true); // 20 per second = one per 50 ms
    expect(bucket.take(50)).toBe(false);
  });

  it('sustains the rate indefinitely', () => {
    const bucket = new TokenBucket(20, 40, 0);
    for (let t = 0; t < 10_000; t += 50) expect(bucket.take(t)).toBe(true);
  });

  it('refuses a sustained rate above the limit once the burst is spent', () => {
    const bucket = new TokenBucket(20, 40, 0);
    const results: boolean[] = [];
    for (let t = 0; t < 3_000; t += 25) results.push(bucket.take(t)); // 40 per second
    expect(results.includes(false)).toBe(true);
  });

  it('never holds more than the burst after a long pause', () => {
    const bucket = new TokenBucket(20, 40, 0);
    let granted = 0;
    while (bucket.take(1_000_000)) granted++;
    expect(granted).toBe(40);
  });

  it('treats a clock going backwards as no time passed', () => {
    const bucket = new TokenBucket(1, 1, 1000);
    expect(bucket.take(1000)).toBe(true);
    expect(bucket.take(0)).toBe(false);
  });
});

describe('CountPerKey', () => {
  it('refuses beyond the maximum per key and frees a slot on release', () => {
    const counts = new CountPerKey();
    expect(counts.tryAcquire('a', 2)).toBe(true);
    expect(counts.tryAcquire('a', 2)).toBe(true);
    expect(counts.tryAcquire('a', 2)).toBe(false);
    expect(counts.tryAcquire('b', 2)).toBe(true);
    counts.release('a');
    expect(counts.tryAcquire('a', 2)).toBe(true);
  });

  it('forgets a key whose count returns to zero', () => {
    const counts = new CountPerKey();
    counts.tryAcquire('a', 1);
    counts.release('a');
    counts.release('a');
    expect(counts.count('a')).toBe(0);
    expect(counts.tryAcquire('a', 1)).toBe(true);
  });
});

describe('RecentIds', () => {
  it('reports a repeat and forgets the oldest beyond its capacity', () => {
    const ids = new RecentIds(2);
    expect(ids.add('a')).toBe(true);
    expect(ids.add('a')).toBe(false);
    expect(ids.add('b')).toBe(true);
    expect(ids.add('c')).toBe(true);
    expect(ids.add('b')).toBe(false);
    expect(ids.add('a')).toBe(true); // forgotten: memory stays bounded
  });
});
