import { describe, expect, it } from 'vitest';
import { formatBudget, formatSpread, formatValue, judge, kb, makeFigure, missingFigure } from './figures.ts';
import { renderTable } from './table.ts';

describe('judge', () => {
  it('compares against the budget in its direction, and has no verdict without one', () => {
    expect(judge(2000, { op: '<=', limit: kb(2) })).toBe(true);
    expect(judge(2049, { op: '<=', limit: kb(2) })).toBe(false);
    expect(judge(9999, { op: '>=', limit: 10_000 })).toBe(false);
    expect(judge(5, undefined)).toBeNull();
    expect(judge(null, { op: '<=', limit: 1 })).toBeNull();
  });
});

describe('makeFigure', () => {
  it('turns NaN into not measured and keeps the samples', () => {
    const figure = makeFigure({ id: 'x', label: 'x', unit: 'ms', value: Number.NaN, budget: { op: '<=', limit: 4 } });
    expect(figure.value).toBeNull();
    expect(figure.within).toBeNull();
    expect(makeFigure({ id: 'y', label: 'y', unit: 'ms', value: 3, samples: [2, 3, 9] }).samples).toEqual([2, 3, 9]);
  });
});

describe('formatting', () => {
  it('prints bytes as KB of 1,024 with the exact count, and budgets in KB', () => {
    expect(formatValue(2484, 'B')).toBe('2.43 KB (2,484 B)');
    expect(formatBudget({ op: '<=', limit: kb(20) }, 'B')).toBe('<= 20 KB');
    expect(formatValue(null, 'ms')).toBe('n/a');
  });

  it('gives the spread only for more than one sample', () => {
    expect(formatSpread(makeFigure({ id: 'a', label: 'a', unit: 'ms', value: 2, samples: [1, 2, 30] }))).toBe('1.00 ms .. 30.0 ms (n=3)');
    expect(formatSpread(makeFigure({ id: 'b', label: 'b', unit: 'ms', value: 2 }))).toBe('');
  });
});

describe('renderTable', () => {
  it('prints one row per figure with its verdict, failed suites and numbered notes', () => {
    const table = renderTable(
      [
        { title: 'sizes', figures: [makeFigure({ id: 's', label: 'sermo.js brotli', unit: 'B', value: 2484, budget: { op: '<=', limit: kb(2) } })] },
        { title: 'storm', figures: [missingFigure({ id: 'm', label: 'memory flat', unit: 'MB' }, 'needs the render benchmark')] },
        { title: 'broker', figures: [], error: 'broker did not start' },
      ],
      ['machine: test'],
    );
    expect(table).toContain('machine: test');
    expect(table).toMatch(/sermo\.js brotli\s+\| 2\.43 KB \(2,484 B\) \| <= 2 KB\s+\| NO/);
    expect(table).toMatch(/memory flat \[1\]\s+\| n\/a/);
    expect(table).toContain('[broker] suite failed: broker did not start');
    expect(table).toContain('[1] memory flat: needs the render benchmark');
  });
});
