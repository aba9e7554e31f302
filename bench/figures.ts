/**
 * One measured figure: what the table prints and `bench/results.json` stores. A figure never fails the
 * run: `within` only reports whether the value meets its DESIGN §8 budget (null when there is no budget
 * or nothing could be measured).
 */
import { minMax } from './stats.ts';

export type Unit = 'B' | 'ms' | 'MB' | 'KB' | 'count' | 'per s' | 'x' | 'yes/no';

export interface Budget {
  op: '<=' | '>=';
  limit: number;
}

export interface Figure {
  /** Stable key in results.json, e.g. `size.loader.brotli`. */
  id: string;
  label: string;
  unit: Unit;
  /** The reported value (a median of repeats, or a named percentile of samples); null if not measured. */
  value: number | null;
  /** What the value summarises: one entry per repeat or per sample; the spread is their min..max. */
  samples: number[];
  budget?: Budget;
  within: boolean | null;
  note?: string;
}

export interface FigureInput {
  id: string;
  label: string;
  unit: Unit;
  value: number | null;
  samples?: number[];
  budget?: Budget;
  note?: string;
}

export function judge(value: number | null, budget: Budget | undefined): boolean | null {
  if (!budget || value === null || Number.isNaN(value)) return null;
  return budget.op === '<=' ? value <= budget.limit : value >= budget.limit;
}

export function makeFigure(input: FigureInput): Figure {
  const value = input.value === null || Number.isNaN(input.value) ? null : input.value;
  const figure: Figure = {
    id: input.id,
    label: input.label,
    unit: input.unit,
    value,
    samples: (input.samples ?? (value === null ? [] : [value])).filter((s) => !Number.isNaN(s)),
    within: judge(value, input.budget),
  };
  if (input.budget) figure.budget = input.budget;
  if (input.note) figure.note = input.note;
  return figure;
}

/** A figure that could not be measured: shown in the table with the reason. */
export function missingFigure(input: Omit<FigureInput, 'value'>, reason: string): Figure {
  return makeFigure({ ...input, value: null, note: reason });
}

const KIB = 1024;
const MIB = 1024 * 1024;
/** 1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes, as DESIGN's limits (64 KiB frames, 5 MB images) count them. */
export const kb = (n: number): number => n * KIB;
export const mb = (n: number): number => n * MIB;

function formatNumber(value: number, unit: Unit): string {
  switch (unit) {
    case 'B':
      return value >= KIB ? `${(value / KIB).toFixed(2)} KB (${Math.round(value).toLocaleString('en')} B)` : `${Math.round(value)} B`;
    case 'KB':
      return `${(value / KIB).toFixed(2)} KB`;
    case 'MB':
      return `${(value / MIB).toFixed(2)} MB`;
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 'per s':
      return `${Math.round(value).toLocaleString('en')}/s`;
    case 'x':
      return `${value.toFixed(2)}x`;
    case 'yes/no':
      return value ? 'yes' : 'no';
    case 'count':
      return Math.round(value).toLocaleString('en');
  }
}

export function formatValue(value: number | null, unit: Unit): string {
  return value === null ? 'n/a' : formatNumber(value, unit);
}

export function formatBudget(budget: Budget | undefined, unit: Unit): string {
  if (!budget) return '';
  const limit = unit === 'B' ? `${+(budget.limit / KIB).toFixed(2)} KB` : formatNumber(budget.limit, unit);
  return `${budget.op} ${limit}`;
}

/** The min..max of the samples when there is more than one, with their count. */
export function formatSpread(figure: Figure): string {
  if (figure.samples.length < 2) return '';
  const { min, max } = minMax(figure.samples);
  const unit = figure.unit === 'B' ? 'count' : figure.unit;
  return `${formatNumber(min, unit)} .. ${formatNumber(max, unit)} (n=${figure.samples.length})`;
}
