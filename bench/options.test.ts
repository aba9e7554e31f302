import { describe, expect, it } from 'vitest';
import { parseOptions, SUITES } from './options.ts';

describe('parseOptions', () => {
  it('runs every suite in full mode by default', () => {
    expect(parseOptions([])).toEqual({ quick: false, build: false, suites: [...SUITES] });
  });

  it('reads --quick, --build and --only, keeping the suites in their running order', () => {
    expect(parseOptions(['--quick', '--build', '--only=broker,sizes'])).toEqual({ quick: true, build: true, suites: ['sizes', 'broker'] });
  });

  it('names an unknown suite or option', () => {
    expect(() => parseOptions(['--only=sizes,speed'])).toThrow(/unknown suite speed/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option --fast/);
  });
});
