/**
 * The markdown subset of DESIGN §4 (`format: "markdown"`), read into plain data that components turn into
 * elements and text nodes: never HTML. Pure, no DOM.
 *
 * Blocks: paragraphs, separated by a blank line (a single line break stays one); lines starting `- ` or `* `
 * make a bulleted list, lines starting `1. ` (any number, then `. `) a numbered one.
 * Inline: `**bold**`, `*italic*` and `_italic_`, `` `code` `` and `[label](url)` for http, https, mailto and
 * tel links. Bold and italic may hold each other, code and links; code holds only text; a link's label is text.
 * Everything else (headings, quotes, HTML, images, an opener without its closer, a link to anything else)
 * shows literally, character for character.
 */

/** A run of inline content: text, or a construct holding more. */
export type Inline =
  | string
  | { kind: 'strong' | 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; text: string };

export type Block = { kind: 'p'; children: Inline[] } | { kind: 'ul'; items: Inline[][] } | { kind: 'ol'; start: number; items: Inline[][] };

const BULLET = /^[-*] (.*)$/;
const NUMBERED = /^(\d{1,9})\. (.*)$/;

/** The blocks of a markdown text. */
export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: Extract<Block, { kind: 'ul' | 'ol' }> | null = null;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'p', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
    list = null;
  };
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (bullet) {
      if (list?.kind !== 'ul') {
        flush();
        blocks.push((list = { kind: 'ul', items: [] }));
      }
      list.items.push(parseInline(bullet[1]!));
    } else if (numbered) {
      if (list?.kind !== 'ol') {
        flush();
        blocks.push((list = { kind: 'ol', start: Number(numbered[1]), items: [] }));
      }
      list.items.push(parseInline(numbered[2]!));
    } else {
      // A line that is not an item ends the list and begins (or goes on with) a paragraph.
      list = null;
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

const SPACE = /\s/;
const WORD = /[\p{L}\p{N}_]/u;

/** A link target of the subset, written as the URL parser reads it; undefined for anything else. */
export function linkHref(url: string): string | undefined {
  if (/^https?:\/\//i.test(url) && URL.canParse(url)) return new URL(url).href;
  // Nothing in them that could end the address or change what the link does.
  if (/^mailto:[^\s()<>"'?%:\\]+@[^\s()<>"'?%:\\]+$/i.test(url)) return url;
  if (/^tel:\+?[\d.-]{3,}$/i.test(url)) return url;
  return undefined;
}

/**
 * Inline constructs of `text`; whatever does not make one is text.
 *
 * A mark closes at the first closer after its opener, so a mark cannot hold one of its own kind: marks nest at
 * most three deep (`**`, `*`, `_`), however the text nests them. Where no closer follows, none follows any later
 * opener of that kind either: `closers` remembers each search, so a text of unclosed openers is read in one
 * pass, not rescanned at each (a hostile text would otherwise take minutes).
 */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const closers = new Closers(text);
  let literal = '';
  const push = (node: Inline) => {
    if (literal) out.push(literal);
    literal = '';
    out.push(node);
  };
  let i = 0;
  while (i < text.length) {
    const read = readConstruct(text, i, closers);
    if (read) {
      push(read.node);
      i = read.end;
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal) out.push(literal);
  return out;
}

type Mark = 'strong' | 'star' | 'underscore';

/** Whether a closer of each mark is at `j` of `text`. */
const IS_CLOSER: Record<Mark, (text: string, j: number) => boolean> = {
  strong: (text, j) => text.startsWith('**', j) && !/[\s\\]/.test(text[j - 1]!),
  // A single `*`, not one of a `**`.
  star: (text, j) => text[j] === '*' && text[j + 1] !== '*' && !/[\s*\\]/.test(text[j - 1]!),
  underscore: (text, j) => text[j] === '_' && !/[\s\\_]/.test(text[j - 1]!) && !WORD.test(text[j + 1] ?? ''),
};

/** The closers of one text, found by scanning each part of it at most once per mark. */
class Closers {
  /** Per mark, the last scan: from where, and the closer it found (undefined: none up to the end). */
  private readonly scans = new Map<Mark, { from: number; at: number | undefined }>();

  constructor(private readonly text: string) {}

  /**
   * The index of the first closer of `mark` for content beginning at `from`, if that content does not begin with
   * a space and is not empty.
   */
  after(mark: Mark, from: number): number | undefined {
    const { text } = this;
    if (from >= text.length || SPACE.test(text[from]!)) return undefined;
    const start = from + 1;
    // No closer lies between the last scan's start and what it found, so a later start finds the same.
    const last = this.scans.get(mark);
    if (last && start >= last.from && (last.at === undefined || start <= last.at)) return last.at;
    let at: number | undefined;
    for (let j = start; j < text.length; j++) {
      if (IS_CLOSER[mark](text, j)) {
        at = j;
        break;
      }
    }
    this.scans.set(mark, { from: start, at });
    return at;
  }
}

/** The construct starting at `i`, and where it ends; undefined when none does. */
function readConstruct(text: string, i: number, closers: Closers): { node: Inline; end: number } | undefined {
  const char = text[i];
  // `\*` means a star: the backslash stays (escapes are not in the subset), and so does the star.
  if (text[i - 1] === '\\') return undefined;
  if (char === '`') {
    const close = text.indexOf('`', i + 1);
    return close > i + 1 ? { node: { kind: 'code', text: text.slice(i + 1, close) }, end: close + 1 } : undefined;
  }
  if (char === '*' && text[i + 1] === '*') {
    const close = closers.after('strong', i + 2);
    return close === undefined ? undefined : { node: { kind: 'strong', children: parseInline(text.slice(i + 2, close)) }, end: close + 2 };
  }
  if (char === '*') {
    const close = closers.after('star', i + 1);
    return close === undefined ? undefined : { node: { kind: 'em', children: parseInline(text.slice(i + 1, close)) }, end: close + 1 };
  }
  if (char === '_' && !WORD.test(text[i - 1] ?? '') && text[i + 1] !== '_') {
    // Within a word (`snake_case_name`, `__init__`) an underscore is just that.
    const close = closers.after('underscore', i + 1);
    return close === undefined ? undefined : { node: { kind: 'em', children: parseInline(text.slice(i + 1, close)) }, end: close + 1 };
  }
  if (char === '[' && text[i - 1] !== '!') {
    // `![alt](url)` is an image, outside the subset: it stays text.
    const link = /^\[([^\[\]\n]+)\]\(([^\s()]+)\)/.exec(text.slice(i));
    const href = link ? linkHref(link[2]!) : undefined;
    return link && href ? { node: { kind: 'link', href, text: link[1]! }, end: i + link[0].length } : undefined;
  }
  return undefined;
}
