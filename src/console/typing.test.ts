import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTypingReporter } from './typing.ts';

describe('createTypingReporter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reports typing once when the agent starts, and off after a pause', () => {
    const report = vi.fn();
    const typing = createTypingReporter(report, 3000);
    typing.input('H');
    typing.input('He');
    vi.advanceTimersByTime(2999);
    expect(report.mock.calls).toEqual([[true]]);
    vi.advanceTimersByTime(1);
    expect(report.mock.calls).toEqual([[true], [false]]);
  });

  it('reports off when the draft is emptied or sent, and only once', () => {
    const report = vi.fn();
    const typing = createTypingReporter(report);
    typing.input('Hi');
    typing.input('');
    typing.stop();
    expect(report.mock.calls).toEqual([[true], [false]]);
  });

  it('leaves no timer behind after dispose', () => {
    const typing = createTypingReporter(() => {});
    typing.input('Hi');
    typing.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
