import { describe, expect, it, vi } from 'vitest';
import { createEmitter } from './emitter.ts';

describe('createEmitter', () => {
  it('calls the handlers of an event in order, with its argument', () => {
    const events = createEmitter(vi.fn());
    const calls: string[] = [];
    events.on('unread', (n) => calls.push(`a${n}`));
    events.on('open', () => calls.push('open'));
    events.on('unread', (n) => calls.push(`b${n}`));
    events.emit('unread', 2);
    expect(calls).toEqual(['a2', 'b2']);
  });

  it('off removes exactly that handler', () => {
    const events = createEmitter(vi.fn());
    const a = vi.fn();
    const b = vi.fn();
    events.on('close', a);
    events.on('close', b);
    events.off('close', a);
    events.off('open', b);
    events.emit('close');
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledOnce();
  });

  it('runs every handler when some throw, then reports the first error once', () => {
    const report = vi.fn();
    const events = createEmitter(report);
    const last = vi.fn();
    const first = new Error('first');
    events.on('ended', () => {
      throw first;
    });
    events.on('ended', () => {
      throw new Error('second');
    });
    events.on('ended', last);
    events.emit('ended');
    expect(last).toHaveBeenCalledOnce();
    expect(report).toHaveBeenCalledExactlyOnceWith(first);
  });
});
