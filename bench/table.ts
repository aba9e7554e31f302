/** The plain-text table `npm run bench` prints: one row per figure, grouped by suite. */
import { type Figure, formatBudget, formatSpread, formatValue } from './figures.ts';

export interface Section {
  title: string;
  figures: Figure[];
  /** Set when the suite could not run at all. */
  error?: string;
}

const HEADERS = ['figure', 'value', 'budget', 'within?', 'spread (min .. max)'] as const;

function within(figure: Figure): string {
  if (figure.within === null) return figure.value === null ? 'not measured' : '';
  return figure.within ? 'yes' : 'NO';
}

export function renderTable(sections: readonly Section[], header: readonly string[]): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const section of sections) {
    rows.push([`[${section.title}]${section.error ? ` suite failed: ${section.error}` : ''}`]);
    for (const figure of section.figures) {
      const marker = figure.note ? ` [${notes.push(`${figure.label}: ${figure.note}`)}]` : '';
      rows.push([
        `  ${figure.label}${marker}`,
        formatValue(figure.value, figure.unit),
        formatBudget(figure.budget, figure.unit),
        within(figure),
        formatSpread(figure),
      ]);
    }
  }
  const widths = HEADERS.map((title, column) =>
    Math.max(title.length, ...rows.filter((row) => row.length > 1).map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells.length === 1 ? cells[0]! : cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [
    ...header,
    '',
    line(HEADERS),
    rule,
    ...rows.map(line),
    ...(notes.length ? ['', 'notes:', ...notes.map((note, i) => `  [${i + 1}] ${note}`)] : []),
  ].join('\n');
}
