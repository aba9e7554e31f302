/**
 * Why a frame was refused. The parser says it as data: the problem (a code and the values its sentence
 * names), then where it was found, innermost first (`[['type', 'string', 42], 'text', 'outbound text']`).
 * `refusalText` writes the sentence (`outbound text: text: expected a string, got number`) where someone reads
 * it: the broker, the console, the demo bot, the tests. The widget only counts refused frames, so it never
 * bundles the sentences (DESIGN §8, the iframe's first load); what is refused, and why, is the same everywhere.
 */
import type { Direction } from './events.ts';

/** What was wrong, and the values its sentence names (`got`: the value found instead, as it was). */
export type Problem =
  | readonly [code: 'type', expected: 'string' | 'integer' | 'boolean', got: unknown]
  | readonly [code: 'unsafe integer']
  | readonly [code: 'min', min: number]
  | readonly [code: 'range', min: number, max: number]
  | readonly [code: 'length', maxLength: number]
  | readonly [code: 'empty']
  | readonly [code: 'not text' | 'not an object', got: unknown]
  | readonly [code: 'bytes', maxBytes: number]
  | readonly [code: 'depth', maxDepth: number]
  | readonly [code: 'not JSON' | 'unreadable JSON']
  | readonly [code: 'direction', expected: Direction | 'any', got: unknown]
  | readonly [code: 'format 1 direction', expected: Direction, seen: Direction, marker: string]
  | readonly [code: 'no format' | 'format 1 from an application']
  | readonly [code: 'unknown type', direction: Direction, type: string]
  | readonly [code: 'not stored', type: string]
  // The widget's build, which keeps no reasons (refusal-unsaid.ts).
  | readonly [code: 'unsaid'];

/** The problem, then what was being read, innermost first: the field (`text`), then the event (`outbound text`). */
export type Reason = readonly [problem: Problem, ...within: string[]];

/** A refused frame or field, and why. */
export type Refusal = { ok: false; reason: Reason };

/** What a wire value is, for a sentence: "number", "array", "null", "missing". */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A `direction` found instead: a string quoted (and cut), else its kind. */
const directionGot = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describe(value));

const ARTICLED = { string: 'a string', integer: 'an integer', boolean: 'a boolean' } as const;

function problemText(problem: Problem): string {
  switch (problem[0]) {
    case 'type':
      return `expected ${ARTICLED[problem[1]]}, got ${describe(problem[2])}`;
    case 'unsafe integer':
      return 'expected an integer';
    case 'min':
      return `expected at least ${problem[1]}`;
    case 'range':
      return `expected an integer from ${problem[1]} to ${problem[2]}`;
    case 'length':
      return `longer than ${problem[1]} characters`;
    case 'empty':
      return 'empty';
    case 'not text':
      return `not text (${describe(problem[1])})`;
    case 'not an object':
      return `not a JSON object (${describe(problem[1])})`;
    case 'bytes':
      return `larger than ${problem[1]} bytes`;
    case 'depth':
      return `nested deeper than ${problem[1]} levels`;
    case 'not JSON':
      return 'not JSON';
    case 'unreadable JSON':
      return 'JSON could not be read';
    case 'direction': {
      const expected = problem[1] === 'any' ? '"inbound", "outbound" or "internal"' : `"${problem[1]}"`;
      return `expected ${expected}, got ${directionGot(problem[2])}`;
    }
    case 'format 1 direction':
      return `expected "${problem[1]}", got a format 1 ${problem[2]} frame (raw.${problem[3]})`;
    case 'unsaid':
      return 'refused (the widget keeps no reasons)';
    case 'no format':
      return 'neither direction (format 2) nor platform (format 1): not a Sermo event';
    case 'format 1 from an application':
      return 'format 1 (platform/user/raw) is not accepted from applications: send direction and userId';
    case 'unknown type':
      return `unknown ${problem[1]} type "${problem[2]}"`;
    case 'not stored':
      return `not a stored type "${problem[1]}"`;
  }
}

/** The sentence for a reason: where, outermost first, then the problem (`ack: id: expected a string, got number`). */
export function refusalText(reason: Reason): string {
  const [problem, ...within] = reason;
  return [...within.reverse(), problemText(problem)].join(': ');
}
