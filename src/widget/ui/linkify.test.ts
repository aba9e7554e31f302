import { describe, expect, it } from 'vitest';
import { linkify } from './linkify.ts';

describe('linkify', () => {
  it.each([
    ['no links here', [{ text: 'no links here' }]],
    ['see https://example.com/a?b=1', [{ text: 'see ' }, { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' }]],
    ['http://x.se.', [{ text: 'http://x.se', href: 'http://x.se' }, { text: '.' }]],
    ['(at https://x.se/a).', [{ text: '(at ' }, { text: 'https://x.se/a', href: 'https://x.se/a' }, { text: ').' }]],
    ['https://en.wikipedia.org/wiki/Foo_(bar)', [{ text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' }]],
    ['a https://a.se b https://b.se', [{ text: 'a ' }, { text: 'https://a.se', href: 'https://a.se' }, { text: ' b ' }, { text: 'https://b.se', href: 'https://b.se' }]],
  ])('splits %j', (text, parts) => {
    expect(linkify(text)).toEqual(parts);
  });

  it.each(['javascript:alert(1)', 'ftp://x.se/file', 'data:text/html,<b>x</b>', 'www.example.com', '<a href="https://x">'])(
    'makes no link of %j other than http(s)',
    (text) => {
      expect(linkify(text).filter((p) => p.href && !/^https?:\/\//.test(p.href))).toEqual([]);
    },
  );

  it('keeps markup around a link as text', () => {
    expect(linkify('<a href="https://x.se">go</a>')).toEqual([
      { text: '<a href="' },
      { text: 'https://x.se', href: 'https://x.se' },
      { text: '">go</a>' },
    ]);
  });
});
