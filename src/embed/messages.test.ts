import { describe, expect, it } from 'vitest';
import { isCount, readEntries, readFrameMessage, readHostMessage } from './messages.ts';

describe('readHostMessage (host -> iframe)', () => {
  it.each(['open', 'close'] as const)('reads %s', (kind) => {
    expect(readHostMessage({ sermo: 1, kind, extra: 'dropped' })).toEqual({ sermo: 1, kind });
  });

  it('reads what host storage holds, its entries left to readEntries', () => {
    expect(readHostMessage({ sermo: 1, kind: 'stored', entries: [['a', 'b']] })).toEqual({ sermo: 1, kind: 'stored', entries: [['a', 'b']] });
  });

  it.each(['ready', 'active', 'ended', 'minimise', 'unread', 'store'])('refuses %s, which only the iframe sends', (kind) => {
    expect(readHostMessage({ sermo: 1, kind, count: 1, key: 'k', value: 'v' })).toBeNull();
  });
});

describe('readFrameMessage (iframe -> host)', () => {
  it.each(['ready', 'active', 'ended', 'minimise'] as const)('reads %s', (kind) => {
    expect(readFrameMessage({ sermo: 1, kind, extra: 'dropped' })).toEqual({ sermo: 1, kind });
  });

  it('reads an unread count', () => {
    expect(readFrameMessage({ sermo: 1, kind: 'unread', count: 3 })).toEqual({ sermo: 1, kind: 'unread', count: 3 });
  });

  it('reads host storage messages: a write, a remove, and the request for what is stored', () => {
    expect(readFrameMessage({ sermo: 1, kind: 'store', key: 'sermo.chat.log', value: 'x' })).toEqual({ sermo: 1, kind: 'store', key: 'sermo.chat.log', value: 'x' });
    expect(readFrameMessage({ sermo: 1, kind: 'store', key: 'sermo.chat.log' })).toEqual({ sermo: 1, kind: 'store', key: 'sermo.chat.log', value: undefined });
    expect(readFrameMessage({ sermo: 1, kind: 'store' })).toEqual({ sermo: 1, kind: 'store', key: undefined, value: undefined });
  });

  it.each(['open', 'close', 'stored'])('refuses %s, which only the host sends', (kind) => {
    expect(readFrameMessage({ sermo: 1, kind, entries: [] })).toBeNull();
  });

  it.each([
    ['a store key that is not a string', { sermo: 1, kind: 'store', key: 1 }],
    ['a store value that is not a string', { sermo: 1, kind: 'store', key: 'k', value: {} }],
    ['unread without count', { sermo: 1, kind: 'unread' }],
    ['a negative count', { sermo: 1, kind: 'unread', count: -1 }],
    ['a fractional count', { sermo: 1, kind: 'unread', count: 1.5 }],
    ['an infinite count', { sermo: 1, kind: 'unread', count: Infinity }],
    ['a string count', { sermo: 1, kind: 'unread', count: '2' }],
  ])('refuses %s', (_, data) => {
    expect(readFrameMessage(data)).toBeNull();
  });
});

describe.each([
  ['readHostMessage', readHostMessage, 'open'],
  ['readFrameMessage', readFrameMessage, 'ready'],
] as const)('%s', (_, read, kind) => {
  it.each([
    ['null', null],
    ['a string', kind],
    ['no namespace', { kind }],
    ['another version', { sermo: 2, kind }],
    ['a string version', { sermo: '1', kind }],
    ['an unknown kind', { sermo: 1, kind: 'send', text: 'hi' }],
    ['an inherited kind', { sermo: 1, kind: 'toString' }],
  ])('refuses %s', (_, data) => {
    expect(read(data)).toBeNull();
  });
});
describe('isCount', () => {
  it.each([0, 1, 120])('takes %j', (count) => expect(isCount(count)).toBe(true));
  it.each([-1, 1.5, NaN, Infinity, '2', null])('refuses %j', (count) => expect(isCount(count)).toBe(false));
});

describe('readEntries', () => {
  it('takes keys with values or null', () => {
    expect(readEntries([['a', 'b'], ['c', null]])).toEqual([['a', 'b'], ['c', null]]);
  });
  it.each([
    ['not an array', 'a=b'],
    ['a pair with a number', [['a', 1]]],
    ['a triple', [['a', 'b', 'c']]],
    ['a key that is not a string', [[null, 'b']]],
  ])('refuses %s', (_, entries) => {
    expect(readEntries(entries)).toBeNull();
  });
});
