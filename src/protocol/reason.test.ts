import { describe, expect, it } from 'vitest';
import { refusalText, type Problem, type Reason } from './reason.ts';

/** Every problem the parser can report, and the sentence the broker sends for it (DESIGN: a clear error naming what was wrong). */
const SENTENCES: [Problem, string][] = [
  [['type', 'string', 42], 'expected a string, got number'],
  [['type', 'integer', undefined], 'expected an integer, got missing'],
  [['type', 'boolean', null], 'expected a boolean, got null'],
  [['unsafe integer'], 'expected an integer'],
  [['min', 0], 'expected at least 0'],
  [['range', 1, 5], 'expected an integer from 1 to 5'],
  [['length', 256], 'longer than 256 characters'],
  [['empty'], 'empty'],
  [['not text', {}], 'not text (object)'],
  [['not an object', []], 'not a JSON object (array)'],
  [['bytes', 65_536], 'larger than 65536 bytes'],
  [['depth', 64], 'nested deeper than 64 levels'],
  [['not JSON'], 'not JSON'],
  [['unreadable JSON'], 'JSON could not be read'],
  [['direction', 'outbound', 'inbound'], 'expected "outbound", got "inbound"'],
  [['direction', 'any', 7], 'expected "inbound", "outbound" or "internal", got number'],
  [['direction', 'inbound', 'x'.repeat(100)], `expected "inbound", got "${'x'.repeat(40)}"`],
  [['format 1 direction', 'outbound', 'inbound', 'platformId'], 'expected "outbound", got a format 1 inbound frame (raw.platformId)'],
  [['no format'], 'neither direction (format 2) nor platform (format 1): not a Sermo event'],
  [['format 1 from an application'], 'format 1 (platform/user/raw) is not accepted from applications: send direction and userId'],
  [['unknown type', 'internal', 'survey'], 'unknown internal type "survey"'],
  [['not stored', 'typing_on'], 'not a stored type "typing_on"'],
  [['unsaid'], 'refused (the widget keeps no reasons)'],
];

describe('reasonText', () => {
  it.each(SENTENCES)('words %j', (problem, sentence) => {
    expect(refusalText([problem])).toBe(sentence);
  });

  it('names where the problem was found, outermost first', () => {
    const reason: Reason = [['type', 'string', 5], 'id', 'ack'];
    expect(refusalText(reason)).toBe('ack: id: expected a string, got number');
    // Wording a reason twice gives the same sentence (it is not changed in place).
    expect(refusalText(reason)).toBe('ack: id: expected a string, got number');
  });
});
