import { describe, expect, it, vi } from 'vitest';
import { emit, type Handlers } from './emitter.ts';

describe('emit', () => {
  it('calls the handlers of an event in order, with its argument', () => {
    const calls: string[] = [];
    const handlers: Handlers = [
      ['unread', (n) => calls.push(`a${n}`)],
      ['open', () => calls.push('open')],
      ['unread', (n) => calls.push(`b${n}`)],
    ];
    emit(handlers, 'unread', 2);
    expect(calls).toEqual(['a2', 'b2']);
  });

  it('lets a handler remove itself while the event runs, without skipping the next one', () => {
    const calls: string[] = [];
    const handlers: Handlers = [];
    const once = () => {
      calls.push('once');
      handlers.splice(0, 1);
    };
    handlers.push(['close', once], ['close', () => calls.push('next')]);
    emit(handlers, 'close');
    expect(calls).toEqual(['once', 'next']);
  });

  it('runs every handler when some throw, and reports each error', () => {
    const report = vi.fn();
    vi.stubGlobal('reportError', report);
    const last = vi.fn();
    const first = new Error('first');
    const second = new Error('second');
    const handlers: Handlers = [
      [
        'ended',
        () => {
          throw first;
        },
      ],
      [
        'ended',
        () => {
          throw second;
        },
      ],
      ['ended', last],
    ];
    emit(handlers, 'ended');
    expect(last).toHaveBeenCalledOnce();
    expect(report.mock.calls).toEqual([[first], [second]]);
    vi.unstubAllGlobals();
  });
});
