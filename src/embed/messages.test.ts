import { describe, expect, it } from 'vitest';
import { isCount, readMessage } from './messages.ts';

describe('readMessage', () => {
  it.each(['open', 'close', 'ready', 'active', 'ended', 'minimise'] as const)('reads %s', (kind) => {
    expect(readMessage({ sermo: 1, kind, extra: 'dropped' })).toEqual({ sermo: 1, kind });
  });

  it('reads an unread count', () => {
    expect(readMessage({ sermo: 1, kind: 'unread', count: 3 })).toEqual({ sermo: 1, kind: 'unread', count: 3 });
  });

  it.each([
    ['null', null],
    ['a string', 'open'],
    ['no namespace', { kind: 'open' }],
    ['another version', { sermo: 2, kind: 'open' }],
    ['a string version', { sermo: '1', kind: 'open' }],
    ['an unknown kind', { sermo: 1, kind: 'send', text: 'hi' }],
    ['an inherited kind', { sermo: 1, kind: 'toString' }],
    ['unread without count', { sermo: 1, kind: 'unread' }],
    ['a negative count', { sermo: 1, kind: 'unread', count: -1 }],
    ['a fractional count', { sermo: 1, kind: 'unread', count: 1.5 }],
    ['an infinite count', { sermo: 1, kind: 'unread', count: Infinity }],
    ['a string count', { sermo: 1, kind: 'unread', count: '2' }],
  ])('refuses %s', (_, data) => {
    expect(readMessage(data)).toBeNull();
  });
});

describe('isCount', () => {
  it.each([0, 1, 120])('takes %j', (count) => expect(isCount(count)).toBe(true));
  it.each([-1, 1.5, NaN, Infinity, '2', null])('refuses %j', (count) => expect(isCount(count)).toBe(false));
});
