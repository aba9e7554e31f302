import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, type Block, type Inline } from './markdown.ts';

const p = (...children: Inline[]): Block => ({ kind: 'p', children });

describe('parseInline: each construct of DESIGN §4', () => {
  const cases: Record<string, Inline[]> = {
    '**bold**': [{ kind: 'strong', children: ['bold'] }],
    '*italic*': [{ kind: 'em', children: ['italic'] }],
    '_italic_': [{ kind: 'em', children: ['italic'] }],
    '`code`': [{ kind: 'code', text: 'code' }],
    '[Help](https://example.com/help)': [{ kind: 'link', href: 'https://example.com/help', text: 'Help' }],
    '[Site](http://example.com)': [{ kind: 'link', href: 'http://example.com/', text: 'Site' }],
    '[Mail us](mailto:help@example.com)': [{ kind: 'link', href: 'mailto:help@example.com', text: 'Mail us' }],
    '[Call](tel:+46812345)': [{ kind: 'link', href: 'tel:+46812345', text: 'Call' }],
    'Pay **399 kr** by *the 28th*.': ['Pay ', { kind: 'strong', children: ['399 kr'] }, ' by ', { kind: 'em', children: ['the 28th'] }, '.'],
    '**bold with _italic_ inside**': [{ kind: 'strong', children: ['bold with ', { kind: 'em', children: ['italic'] }, ' inside'] }],
    '*italic with **bold** inside*': [{ kind: 'em', children: ['italic with ', { kind: 'strong', children: ['bold'] }, ' inside'] }],
    '**see [Help](https://e.com/)**': [{ kind: 'strong', children: ['see ', { kind: 'link', href: 'https://e.com/', text: 'Help' }] }],
    '`**not bold**`': [{ kind: 'code', text: '**not bold**' }],
    '[**label**](https://e.com/)': [{ kind: 'link', href: 'https://e.com/', text: '**label**' }],
  };
  for (const [text, expected] of Object.entries(cases)) {
    it(`reads ${JSON.stringify(text)}`, () => {
      expect(parseInline(text)).toEqual(expected);
    });
  }
});

describe('parseInline: anything outside the subset is literal', () => {
  const literal = [
    '# Heading',
    '> quoted',
    '~~struck~~',
    '<b>bold</b><script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '**unclosed',
    'unopened**',
    '*unclosed',
    '** spaced **',
    '* spaced *',
    '2 * 3 * 4',
    'snake_case_name and __init__',
    '``',
    '****',
    '[no url]',
    '[empty]()',
    '[](https://e.com/)',
    '[Click](javascript:alert(1))',
    '[Click](JAVASCRIPT:alert(1))',
    '[Click](data:text/html;base64,PHNjcmlwdD4=)',
    '[Click](vbscript:msgbox)',
    '[Click](//evil.example/)',
    '[Click](/relative)',
    '[Click](https://e.com/ "title")',
    '[Click] (https://e.com/)',
    '[Mail](mailto:a@b.com?cc=c@d.com)',
    '[Call](tel:+46 8 123)',
    '\\*escaped\\*',
    '| a | b |',
    '---',
  ];
  for (const text of literal) {
    it(`keeps ${JSON.stringify(text)} as it is`, () => {
      const read = parseInline(text);
      // Literal throughout, or literal where the construct failed: the text reads back character for character.
      expect(flatten(read)).toBe(text);
      expect(read.some((node) => typeof node !== 'string' && node.kind === 'link')).toBe(false);
    });
  }

  it('reads an image, outside the subset, as text (its URL may still be linked as plain text is)', () => {
    expect(parseInline('![router](https://e.com/r.png)')).toEqual(['![router](https://e.com/r.png)']);
  });

  it('keeps text around a construct that fails', () => {
    expect(parseInline('a *b **c** d')).toEqual(['a *b ', { kind: 'strong', children: ['c'] }, ' d']);
  });
});

describe('parseMarkdown: blocks', () => {
  it('makes paragraphs of text separated by a blank line; a single line break stays in its paragraph', () => {
    expect(parseMarkdown('First line\nsame paragraph\n\n  \nSecond')).toEqual([p('First line\nsame paragraph'), p('Second')]);
  });

  it('makes a bulleted list of lines starting "- " or "* "', () => {
    expect(parseMarkdown('Steps:\n- Unplug\n* **Wait** 10 s\n- Plug in')).toEqual([
      p('Steps:'),
      { kind: 'ul', items: [['Unplug'], [{ kind: 'strong', children: ['Wait'] }, ' 10 s'], ['Plug in']] },
    ]);
  });

  it('makes a numbered list of lines starting "1. ", from the first number', () => {
    expect(parseMarkdown('1. One\n2. Two')).toEqual([{ kind: 'ol', start: 1, items: [['One'], ['Two']] }]);
    expect(parseMarkdown('3. Three\n4. Four')).toEqual([{ kind: 'ol', start: 3, items: [['Three'], ['Four']] }]);
  });

  it('ends a list at a blank line, a line that is no item, or the other kind of list', () => {
    expect(parseMarkdown('- a\n1. b\n- c\n\n- d\ntext')).toEqual([
      { kind: 'ul', items: [['a']] },
      { kind: 'ol', start: 1, items: [['b']] },
      { kind: 'ul', items: [['c']] },
      { kind: 'ul', items: [['d']] },
      p('text'),
    ]);
  });

  it('keeps what only looks like a list literal: no space after the marker, indented, another marker', () => {
    expect(parseMarkdown('-no space\n  - indented\n+ plus\n1) paren\n*emphasis* first')).toEqual([
      p('-no space\n  - indented\n+ plus\n1) paren\n', { kind: 'em', children: ['emphasis'] }, ' first'),
    ]);
  });

  it('reads CRLF line breaks like LF', () => {
    expect(parseMarkdown('a\r\n\r\n- b')).toEqual([p('a'), { kind: 'ul', items: [['b']] }]);
  });

  it('gives nothing for an empty text', () => {
    expect(parseMarkdown('')).toEqual([]);
  });
});

/** The characters of what was read, in order: for literal text, the text itself. */
function flatten(nodes: readonly Inline[]): string {
  return nodes.map((node) => (typeof node === 'string' ? node : 'children' in node ? flatten(node.children) : node.text)).join('');
}

describe('parseMarkdown: hostile input', () => {
  // Five times the longest text the parser lets through (MAX_AGENT_TEXT, 20,000). Each of these makes a naive
  // reader rescan the rest of the text at every opener (quadratic: minutes), or nest as deep as the text is
  // long (a stack the renderer cannot hold).
  const unclosed: Record<string, string> = {
    stars: ' *a'.repeat(33_000),
    'double stars': ' **a'.repeat(25_000),
    underscores: ' _a'.repeat(33_000),
    'link openers': '[a](b'.repeat(20_000),
  };
  for (const [name, text] of Object.entries(unclosed)) {
    it(`reads 100,000 characters of unclosed ${name} as the text itself`, () => {
      expect(parseMarkdown(text)).toEqual([p(text)]);
    });
  }

  it('nests marks at most three deep (one of each kind) however deep the text nests them', () => {
    const text = `${'**a _b *c '.repeat(8_000)}x${' c* b_ a**'.repeat(8_000)}`;
    const [block] = parseMarkdown(text);
    expect(block!.kind === 'p' && depth(block!.children)).toBe(3);
  });

  it('keeps a long run of list items as one list', () => {
    const blocks = parseMarkdown('- item\n'.repeat(20_000));
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.kind === 'ul' && blocks[0]!.items.length).toBe(20_000);
  });
});

/** How deep marks nest in `nodes`. */
function depth(nodes: readonly Inline[]): number {
  return Math.max(0, ...nodes.map((node) => (typeof node !== 'string' && 'children' in node ? 1 + depth(node.children) : 0)));
}
