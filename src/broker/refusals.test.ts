import { describe, expect, it } from 'vitest';
import { createRefusalLog } from './refusals.ts';

describe('createRefusalLog', () => {
  it('writes the first refusal of a kind at once, then at most one per interval with the count not written', () => {
    let clock = 0;
    const lines: string[] = [];
    const refusals = createRefusalLog((line) => lines.push(line), () => clock, 10_000);
    refusals.write('rate 10.0.0.1', 'refused 1');
    refusals.write('rate 10.0.0.1', 'refused 2');
    refusals.write('rate 10.0.0.1', 'refused 3');
    refusals.write('rate 10.0.0.2', 'other address');
    expect(lines).toEqual(['refused 1', 'other address']);
    clock = 10_000;
    refusals.write('rate 10.0.0.1', 'refused 4');
    expect(lines.at(-1)).toBe('refused 4 (and 2 more like it in the last 10 s)');
  });

  it('says on its sweep what a quiet kind still had to say, and forgets it', () => {
    let clock = 0;
    const lines: string[] = [];
    const refusals = createRefusalLog((line) => lines.push(line), () => clock, 10_000);
    refusals.write('k', 'first');
    refusals.write('k', 'second');
    clock = 10_001;
    refusals.sweep();
    expect(lines).toEqual(['first', 'second (and 1 more like it in the last 10 s)']);
    refusals.write('k', 'again');
    expect(lines.at(-1)).toBe('again');
  });
});
