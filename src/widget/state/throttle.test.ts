import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from './throttle.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createThrottle', () => {
  it('sends the first value at once, at most one per window, and always the last one', () => {
    const sent: string[] = [];
    const throttle = createThrottle<string>(300, (v) => sent.push(v));
    throttle.push('H');
    throttle.push('He');
    throttle.push('Hel');
    expect(sent).toEqual(['H']);
    vi.advanceTimersByTime(299);
    expect(sent).toEqual(['H']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['H', 'Hel']);
    throttle.push('Hell');
    vi.advanceTimersByTime(299);
    expect(sent).toEqual(['H', 'Hel']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['H', 'Hel', 'Hell']);
    vi.advanceTimersByTime(300); // the window closes with nothing pending
    throttle.push('Hello');
    expect(sent).toEqual(['H', 'Hel', 'Hell', 'Hello']);
    throttle.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancel() drops the pending value', () => {
    const sent: string[] = [];
    const throttle = createThrottle<string>(300, (v) => sent.push(v));
    throttle.push('a');
    throttle.push('ab');
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['a']);
  });
});
