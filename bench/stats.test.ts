import { describe, expect, it } from 'vitest';
import { mean, median, minMax, quantile } from './stats.ts';

describe('quantile', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBe(48);
  });

  it('does not depend on the order of the samples', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('clamps q to 0..1 and gives NaN for no samples', () => {
    expect(quantile([1, 9], 2)).toBe(9);
    expect(quantile([1, 9], -1)).toBe(1);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('minMax and mean', () => {
  it('summarise the samples', () => {
    expect(minMax([3, -1, 7])).toEqual({ min: -1, max: 7 });
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});
