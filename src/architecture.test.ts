/**
 * Module boundaries of DESIGN §1 and STYLE B.3, enforced mechanically (we have no linter; if oxlint is added,
 * these become `no-restricted-*` rules). Reads every source file under `src/`, strips comments (and, for the
 * identifier rules, string contents), and checks:
 * - `JSON.parse` appears only in `src/protocol/` (tests may parse what they build);
 * - `src/embed/` (the loader) imports only itself and the shared `src/config/`: no package (no Preact, no
 *   signals) and nothing under `src/widget/`;
 * - `src/widget/` imports from the loader only the bridge vocabulary, `src/embed/messages.ts` (STYLE B.7);
 *   what else both sides need lives in `src/config/`, which imports nothing;
 * - both sides of the bridge narrow posted data with `src/embed/messages.ts` (`readHostMessage` in the iframe,
 *   `readFrameMessage` in the loader): a file that posts messages and listens to `message` events calls one;
 * - outside `src/widget/ui/`, the widget coordinates with the UI by state and props, never by querying its DOM
 *   (`querySelector`, `getElementsBy...`);
 * - `src/embed/` imports nothing under `src/connection/` either (the reconnecting socket the widget, the
 *   console and the demo bot share);
 * - `src/widget/ui/` imports neither the protocol nor a connection module (tests may wire fakes);
 * - `src/widget/ui/` components take Preact from `ui/reactive.ts`, whose renders watch the signals they read,
 *   never from `preact` or the `@preact/signals` adapter themselves;
 * - `src/widget/ui/` reads no `dataset`: state reaches the DOM through props, never back through attributes;
 * - tests find elements as a person does (role, name, text), never by class (STYLE B.11);
 * - `src/widget/state/` imports nothing from `src/widget/connection/` but types: the socket, and everything
 *   that holds it, is the transport's, which the chat is given (DESIGN §1, STYLE B.3);
 * - `src/widget/` never words the protocol's refusals (`refusalText`): it only counts them (DESIGN §8, its size);
 * - `src/protocol/` and `src/config/` use no browser or timer globals: they are pure, clock and ids come in as
 *   arguments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const SOURCE_FILE = /\.(?:ts|tsx|mts|js|mjs|jsx)$/;
const TEST_FILE = /\.test(?:-d)?\.(?:ts|tsx|mts|js|mjs|jsx)$/;
/** Test support modules, imported by tests only, named by this convention. */
const TEST_SUPPORT = /(?:^|\/)(?:testing|test-kit)\.(?:ts|tsx)$/;

interface SourceFile {
  /** Path relative to `src/`, with `/` separators. */
  path: string;
  source: string;
}

function readTree(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...readTree(full));
    else if (SOURCE_FILE.test(entry.name)) {
      files.push({ path: relative(SRC, full).split(sep).join('/'), source: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------------
// A small scanner: enough of JavaScript's lexical grammar to tell code from comments, strings and regexes.

/** A `/` after one of these (or at the start) begins a regex literal, not a division. */
const BEFORE_REGEX = new Set(['', ...'(,=:[!&|?{};+-*%<>~^']);
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|void|yield|await)$/;

/**
 * The source with comments replaced by spaces. With `blankStrings`, string, template and regex contents are
 * blanked too (their quotes stay), so identifiers inside text do not count. Newlines are kept.
 */
export function stripSource(source: string, blankStrings: boolean): string {
  let out = '';
  let i = 0;
  let lastSignificant = '';
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  while (i < source.length) {
    const char = source[i]!;
    const next = source[i + 1];
    if (char === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += blank(source.slice(i, stop));
      i = stop;
    } else if (char === '"' || char === "'" || char === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== char) j += source[j] === '\\' ? 2 : 1;
      const body = source.slice(i + 1, j);
      out += char + (blankStrings ? blank(body) : body) + (j < source.length ? char : '');
      i = j + 1;
      lastSignificant = char;
    } else if (char === '/' && (BEFORE_REGEX.has(lastSignificant) || REGEX_KEYWORDS.test(out.trimEnd()))) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== '\n') {
        const c = source[j];
        if (c === '\\') j++;
        else if (c === '[') inClass = true;
        else if (c === ']') inClass = false;
        else if (c === '/' && !inClass) break;
        j++;
      }
      const body = source.slice(i + 1, j);
      out += '/' + (blankStrings ? blank(body) : body) + '/';
      i = j + 1;
      lastSignificant = '/regex';
    } else {
      out += char;
      if (!/\s/.test(char)) lastSignificant = char;
      i++;
    }
  }
  return out;
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
  line: number;
  /** The whole import statement, for the names it takes. */
  statement: string;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(type\s+)?[\w$*{},\s]*?\bfrom\s*(['"])([^'"\n]+)\2/g,
  /\bexport\s+(type\s+)?(?:\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\2/g,
  /\bimport\s*()(['"])([^'"\n]+)\2/g,
  /\bimport\s*\(\s*()(['"])([^'"\n]+)\2\s*\)/g,
];

/** Every static, re-export, side-effect and dynamic import of a file (comments already stripped). */
export function findImports(code: string): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      const line = code.slice(0, match.index).split('\n').length;
      refs.push({ specifier: match[3]!, typeOnly: Boolean(match[1]), line, statement: match[0] });
    }
  }
  return refs.sort((a, b) => a.line - b.line);
}

/** Where an import points: a `src/`-relative path for relative specifiers, else the bare package name. */
function target(file: SourceFile, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(SRC, resolve(SRC, dirname(file.path), specifier)).split(sep).join('/');
}

const isUnder = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
/** What a widget component could render with, bypassing `ui/reactive.ts`. */
const isRenderer = (specifier: string) => /^(?:preact(?:\/|$)|@preact\/signals$)/.test(specifier);
/** The one UI module that takes Preact itself: it hooks every render to the signals it reads. */
const REACTIVE = 'widget/ui/reactive.ts';

/** Globals the pure modules must not touch (STYLE B.3: no DOM, no timers, no crypto globals). */
const PURE_FORBIDDEN =
  /(?<![\w$.])(window|document|globalThis|navigator|localStorage|sessionStorage|setTimeout|setInterval|clearTimeout|clearInterval|requestAnimationFrame|crypto)(?![\w$])/g;

/** Every boundary violation in `files`, one line each: `path:line: what`. */
export function findViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const isTest = TEST_FILE.test(file.path) || TEST_SUPPORT.test(file.path);
    const code = stripSource(file.source, false);
    const bare = stripSource(file.source, true);
    const lineOf = (index: number) => bare.slice(0, index).split('\n').length;

    if (!isTest && !isUnder(file.path, 'protocol')) {
      for (const match of bare.matchAll(/\bJSON\s*\.\s*parse\b/g)) {
        violations.push(`${file.path}:${lineOf(match.index)}: JSON.parse outside src/protocol/ (use its parsers)`);
      }
    }

    for (const pure of ['protocol', 'config']) {
      if (!isUnder(file.path, pure)) continue;
      for (const match of bare.matchAll(PURE_FORBIDDEN)) {
        violations.push(`${file.path}:${lineOf(match.index)}: src/${pure}/ must not use ${match[1]}`);
      }
    }

    // This file's own examples of what the rules catch are strings, not selectors.
    if (TEST_FILE.test(file.path) && file.path !== 'architecture.test.ts') {
      for (const match of code.matchAll(/\b(?:querySelector|querySelectorAll|closest|locator)\(\s*(['"`])([^'"`]*)\1/g)) {
        // A class in the selector, not a dot inside an attribute value.
        if (/\.[A-Za-z_-]/.test(match[2]!.replace(/\[[^\]]*\]/g, ''))) {
          violations.push(`${file.path}:${lineOf(match.index)}: tests find elements by role, name or text, not by class (${match[2]})`);
        }
      }
    }

    if (isTest) continue;
    if (isUnder(file.path, 'widget/ui')) {
      for (const match of bare.matchAll(/\.\s*dataset\b/g)) {
        violations.push(`${file.path}:${lineOf(match.index)}: src/widget/ui/ must not read state back from the DOM (dataset); keep it in the component`);
      }
    }
    const inWidget = isUnder(file.path, 'widget');
    if (inWidget && !isUnder(file.path, 'widget/ui')) {
      for (const match of bare.matchAll(/\b(querySelector(?:All)?|getElementsBy\w+)\s*[<(]/g)) {
        violations.push(`${file.path}:${lineOf(match.index)}: ${match[1]} outside src/widget/ui/ (coordinate with the UI by state and props, not its DOM)`);
      }
    }
    // A bridge side posts to the other window and listens to its `message` events (a socket's do not count).
    const isBridgeSide = /\bpostMessage\s*\(/.test(bare) && /\baddEventListener\s*\(\s*(['"])message\1/.test(code);
    if ((inWidget || isUnder(file.path, 'embed')) && isBridgeSide && !/\bread(Host|Frame)Message\s*\(/.test(bare)) {
      violations.push(`${file.path}: listens to message events without readHostMessage or readFrameMessage (embed/messages.ts narrows every bridge message)`);
    }
    for (const ref of findImports(code)) {
      const to = target(file, ref.specifier);
      if (isUnder(file.path, 'embed') && !isUnder(to, 'embed') && !isUnder(to, 'config')) {
        violations.push(`${file.path}:${ref.line}: the loader (src/embed/) must not import ${ref.specifier}`);
      }
      if (inWidget && isUnder(to, 'embed') && to !== 'embed/messages.ts') {
        violations.push(`${file.path}:${ref.line}: src/widget/ must not import ${ref.specifier} (share through src/config/; only embed/messages.ts is common)`);
      }
      if (isUnder(file.path, 'config') && !isUnder(to, 'config')) {
        violations.push(`${file.path}:${ref.line}: src/config/ must not import ${ref.specifier} (it is shared by the loader and the iframe)`);
      }
      const protocolOrConnection = isUnder(to, 'protocol') || isUnder(to, 'widget/connection') || isUnder(to, 'connection');
      if (isUnder(file.path, 'widget/ui') && protocolOrConnection) {
        violations.push(`${file.path}:${ref.line}: src/widget/ui/ must not import ${ref.specifier} (go through state)`);
      }
      if (isUnder(file.path, 'widget/ui') && file.path !== REACTIVE && isRenderer(ref.specifier) && !ref.typeOnly) {
        violations.push(`${file.path}:${ref.line}: src/widget/ui/ takes Preact from ./reactive.ts, not ${ref.specifier} (renders must watch the signals they read)`);
      }
      if (inWidget && !ref.typeOnly && (to === 'protocol/reason.ts' || (to === 'protocol/index.ts' && /\brefusalText\b/.test(ref.statement)))) {
        violations.push(`${file.path}:${ref.line}: src/widget/ must not word refusals (refusalText): it only counts them, and the sentences stay out of its bundle`);
      }
      if (isUnder(file.path, 'widget/state') && !ref.typeOnly && (isUnder(to, 'widget/connection') || isUnder(to, 'connection'))) {
        violations.push(`${file.path}:${ref.line}: src/widget/state/ must not import ${ref.specifier} (only its types: the chat is given its transport)`);
      }
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------------

describe('architecture', () => {
  it('holds for the current source tree', () => {
    const files = readTree(SRC);
    expect(files.some((file) => file.path === 'protocol/parse.ts')).toBe(true);
    expect(findViolations(files)).toEqual([]);
  });
});

describe('architecture rules catch violations', () => {
  const check = (path: string, source: string) => findViolations([{ path, source }]);

  it('flags JSON.parse outside the protocol, but not in comments, strings or tests', () => {
    expect(check('widget/connection/outbox.ts', 'const x = JSON.parse(raw);')).toEqual([
      'widget/connection/outbox.ts:1: JSON.parse outside src/protocol/ (use its parsers)',
    ]);
    expect(check('broker/server.ts', '// JSON.parse is banned here\nconst s = "JSON.parse";\n/* JSON.parse */')).toEqual([]);
    expect(check('broker/server.test.ts', 'JSON.parse(frame)')).toEqual([]);
    expect(check('broker/testing.ts', 'JSON.parse(frame)')).toEqual([]);
    expect(check('protocol/parse.ts', 'JSON.parse(frame)')).toEqual([]);
  });

  it('flags Preact, signals and widget imports in the loader', () => {
    const source = [
      "import { h } from 'preact';",
      "import { signal } from '@preact/signals';",
      "import type { Chat } from '../widget/state/types.ts';",
      "export { x } from '../widget/x.ts';",
      "const lazy = import('../widget/main.tsx');",
      "import { frameUrl } from './frame-url.ts';",
      "import { checkConfig } from '../config/config.ts';",
      "import { emit } from 'mitt';",
      "import type { Limits } from '../broker/limits.ts';",
      "import { createReconnectingSocket } from '../connection/reconnecting-socket.ts';",
    ].join('\n');
    expect(check('embed/sermo.ts', source)).toEqual([
      'embed/sermo.ts:1: the loader (src/embed/) must not import preact',
      'embed/sermo.ts:2: the loader (src/embed/) must not import @preact/signals',
      'embed/sermo.ts:3: the loader (src/embed/) must not import ../widget/state/types.ts',
      'embed/sermo.ts:4: the loader (src/embed/) must not import ../widget/x.ts',
      'embed/sermo.ts:5: the loader (src/embed/) must not import ../widget/main.tsx',
      'embed/sermo.ts:8: the loader (src/embed/) must not import mitt',
      'embed/sermo.ts:9: the loader (src/embed/) must not import ../broker/limits.ts',
      'embed/sermo.ts:10: the loader (src/embed/) must not import ../connection/reconnecting-socket.ts',
    ]);
  });

  it('lets the widget share only the bridge vocabulary with the loader, and the shared config import nothing', () => {
    const widget = [
      "import type { WidgetConfig } from '../config/config.ts';",
      "import { readHostMessage } from '../embed/messages.ts';",
      "import type { RawConfig } from '../../embed/read-config.ts';",
    ].join('\n');
    expect(check('widget/bridge.ts', widget).filter((v) => !v.includes('message events'))).toEqual([]);
    expect(check('widget/state/deps.ts', widget)).toEqual([
      'widget/state/deps.ts:3: src/widget/ must not import ../../embed/read-config.ts (share through src/config/; only embed/messages.ts is common)',
    ]);
    expect(check('config/config.ts', "import { h } from 'preact';\nimport type { Chat } from '../widget/state/types.ts';\nconst w = window;")).toEqual([
      'config/config.ts:3: src/config/ must not use window',
      'config/config.ts:1: src/config/ must not import preact (it is shared by the loader and the iframe)',
      'config/config.ts:2: src/config/ must not import ../widget/state/types.ts (it is shared by the loader and the iframe)',
    ]);
  });

  it('keeps DOM queries in the UI', () => {
    const source = "const box = document.querySelector<HTMLTextAreaElement>('textarea');\nconst all = doc.querySelectorAll('[role=dialog]');\nconst app = document.getElementById('app');";
    expect(check('widget/bridge.ts', source)).toEqual([
      'widget/bridge.ts:1: querySelector outside src/widget/ui/ (coordinate with the UI by state and props, not its DOM)',
      'widget/bridge.ts:2: querySelectorAll outside src/widget/ui/ (coordinate with the UI by state and props, not its DOM)',
    ]);
    expect(check('widget/ui/MessageList.tsx', source)).toEqual([]);
  });

  it('makes both sides of the bridge narrow messages with embed/messages.ts', () => {
    const byHand = "addEventListener('message', (e) => { const { sermo, kind } = Object(e.data); });\npeer.postMessage(m, origin);";
    expect(check('embed/loader.ts', byHand)).toEqual([
      'embed/loader.ts: listens to message events without readHostMessage or readFrameMessage (embed/messages.ts narrows every bridge message)',
    ]);
    expect(check('widget/bridge.ts', `win.${byHand}`)).toEqual([
      'widget/bridge.ts: listens to message events without readHostMessage or readFrameMessage (embed/messages.ts narrows every bridge message)',
    ]);
    expect(check('embed/loader.ts', byHand.replace('Object(e.data)', 'readFrameMessage(e.data)'))).toEqual([]);
    expect(check('widget/connection/connection.ts', "socket.addEventListener('message', onFrame);")).toEqual([]);
  });

  it('flags protocol and connection imports in the UI, allowing state types', () => {
    const source = [
      "import type { ChatMessage } from '../state/types.ts';",
      "import type { OutboundEvent } from '../../protocol/events.ts';",
      "import {\n  createConnection,\n} from '../connection/connection.ts';",
    ].join('\n');
    expect(check('widget/ui/Message.tsx', source)).toEqual([
      'widget/ui/Message.tsx:2: src/widget/ui/ must not import ../../protocol/events.ts (go through state)',
      'widget/ui/Message.tsx:3: src/widget/ui/ must not import ../connection/connection.ts (go through state)',
    ]);
  });

  it('flags Preact taken around ui/reactive.ts in the UI, allowing types and signals-core', () => {
    const source = [
      "import { h, Component } from 'preact';",
      "import { useState } from 'preact/hooks';",
      "import { signal } from '@preact/signals';",
      "import type { ComponentChildren } from 'preact';",
      "import type { ReadonlySignal } from '@preact/signals-core';",
      "import { h as hh } from './reactive.ts';",
    ].join('\n');
    expect(check('widget/ui/Badge.tsx', source)).toEqual([
      'widget/ui/Badge.tsx:1: src/widget/ui/ takes Preact from ./reactive.ts, not preact (renders must watch the signals they read)',
      'widget/ui/Badge.tsx:2: src/widget/ui/ takes Preact from ./reactive.ts, not preact/hooks (renders must watch the signals they read)',
      'widget/ui/Badge.tsx:3: src/widget/ui/ takes Preact from ./reactive.ts, not @preact/signals (renders must watch the signals they read)',
    ]);
    expect(check('widget/ui/reactive.ts', "import { options } from 'preact';")).toEqual([]);
    expect(check('widget/ui/Badge.test.tsx', "import { h } from 'preact';")).toEqual([]);
  });

  it('flags class selectors in tests, not tags or attribute values', () => {
    const source = [
      "screen.getByText('hi').closest('.bubble');",
      'log.querySelectorAll(`div.row > p`);',
      "page.locator('[href=\"https://a.b/c\"]');",
      "row.querySelector('img, svg[aria-hidden=true]');",
    ].join('\n');
    expect(check('widget/ui/Message.test.tsx', source)).toEqual([
      'widget/ui/Message.test.tsx:1: tests find elements by role, name or text, not by class (.bubble)',
      'widget/ui/Message.test.tsx:2: tests find elements by role, name or text, not by class (div.row > p)',
    ]);
    expect(check('widget/ui/Message.tsx', "el.closest('.bubble')")).toEqual([]);
  });

  it('flags dataset reads in the UI, not in tests or other layers', () => {
    expect(check('widget/ui/MessageList.tsx', 'const key = (entry.target as HTMLElement).dataset.key;')).toEqual([
      'widget/ui/MessageList.tsx:1: src/widget/ui/ must not read state back from the DOM (dataset); keep it in the component',
    ]);
    expect(check('widget/ui/MessageList.test.tsx', 'row.dataset.key')).toEqual([]);
    expect(check('embed/read-config.ts', 'readRawConfig(script.dataset)')).toEqual([]);
  });

  it('flags connection imports in the state, allowing its types', () => {
    const source = [
      "import type { Transport } from '../connection/transport.ts';",
      "import { createTransport } from '../connection/transport.ts';",
      "import { createReconnectingSocket, type SocketLike } from '../../connection/reconnecting-socket.ts';",
      "import { createStore } from '../platform/storage.ts';",
    ].join('\n');
    expect(check('widget/state/chat.ts', source)).toEqual([
      'widget/state/chat.ts:2: src/widget/state/ must not import ../connection/transport.ts (only its types: the chat is given its transport)',
      'widget/state/chat.ts:3: src/widget/state/ must not import ../../connection/reconnecting-socket.ts (only its types: the chat is given its transport)',
    ]);
  });

  it('flags the refusal sentences in the widget, not in the broker or the widget\'s tests', () => {
    const source = [
      "import { parseWidgetFrame, refusalText } from '../../protocol/index.ts';",
      "import { refusalText as word } from '../../protocol/reason.ts';",
      "import { parseWidgetFrame, type Refusal } from '../../protocol/index.ts';",
    ].join('\n');
    const why = 'src/widget/ must not word refusals (refusalText): it only counts them, and the sentences stay out of its bundle';
    expect(check('widget/state/log.ts', source)).toEqual([`widget/state/log.ts:1: ${why}`, `widget/state/log.ts:2: ${why}`]);
    expect(check('widget/state/log.test.ts', source)).toEqual([]);
    expect(check('broker/hub.ts', source.replaceAll('../../protocol', '../protocol'))).toEqual([]);
  });

  it('flags browser and timer globals in the protocol, not words in text', () => {
    const source = [
      'const id = crypto.randomUUID();',
      'setTimeout(() => {}, 1);',
      'if (typeof window !== "undefined") {}',
      '/** the window of a document */',
      'const note = "setTimeout and crypto";',
      'const documented = event.window;',
    ].join('\n');
    expect(check('protocol/encode.ts', source)).toEqual([
      'protocol/encode.ts:1: src/protocol/ must not use crypto',
      'protocol/encode.ts:2: src/protocol/ must not use setTimeout',
      'protocol/encode.ts:3: src/protocol/ must not use window',
    ]);
  });
});

describe('stripSource', () => {
  it('keeps code, blanks comments, keeps line numbers', () => {
    expect(stripSource('a // b\n/* c\nd */ e', false)).toBe('a     \n    \n     e');
  });

  it('does not mistake a regex literal with quotes or slashes for a string or comment', () => {
    const source = "const r = /[\"'`]\\/\\//g; JSON.parse(x); // note";
    expect(stripSource(source, true)).toContain('JSON.parse(x);');
    expect(stripSource(source, true)).not.toContain('note');
  });

  it('reads a regex literal at the very start of a file', () => {
    expect(stripSource("/'/.test(x); JSON.parse(y)", true)).toContain('JSON.parse(y)');
  });

  it('treats a slash after a value as division', () => {
    expect(stripSource('const half = total / 2; // JSON.parse', true)).toBe('const half = total / 2;              ');
  });
});
