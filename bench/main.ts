/**
 * `npm run bench`: measures every figure of DESIGN §8 on the built project, prints a table (figure,
 * value, budget, within?) and writes `bench/results.json`. Timings never fail the run: the exit code is
 * 0 unless the harness itself breaks (bad options, a failed build, a suite that could not measure).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runAttackSuite } from './broker/attack.ts';
import { runClusterSuite } from './broker/cluster.ts';
import { runBrokerSuite } from './broker/suite.ts';
import { runBrowserSuites } from './browser/suite.ts';
import { buildProject, isBuilt, outDirFromEnv, ROOT } from './build.ts';
import { describeMachine, machineLine } from './machine.ts';
import { type BenchOptions, parseOptions } from './options.ts';
import { breakdownLines, runSizes, type SizeDetails } from './sizes.ts';
import { renderTable, type Section } from './table.ts';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`bench: ${message(error)}\n`);
    return 2;
  }
  const startedAt = new Date();
  const outDir = outDirFromEnv();
  if (options.build || !isBuilt(outDir)) {
    progress(`building into ${outDir}`);
    try {
      buildProject(outDir);
    } catch (error) {
      process.stderr.write(`bench: ${message(error)}\n`);
      return 1;
    }
  }

  const machine = describeMachine();
  const sections: Section[] = [];
  const details: Record<string, unknown> = {};
  let sizeDetails: SizeDetails | null = null;

  if (options.suites.includes('sizes')) {
    progress('sizes');
    try {
      const sizes = await runSizes(outDir, !options.quick);
      sizeDetails = sizes.details;
      details['sizes'] = sizes.details;
      sections.push({ title: 'sizes', figures: sizes.figures });
    } catch (error) {
      sections.push({ title: 'sizes', figures: [], error: message(error) });
    }
  }

  const browserSuites = options.suites.filter((s) => s === 'host' || s === 'open' || s === 'render' || s === 'reload' || s === 'storm');
  if (browserSuites.length > 0) {
    const browser = await runBrowserSuites({ outDir, quick: options.quick, suites: browserSuites, progress });
    machine.chromium = browser.chromium;
    sections.push(...browser.sections);
    details['browser'] = browser.details;
  }

  if (options.suites.includes('broker')) {
    progress('broker scale');
    try {
      const broker = await runBrokerSuite({ quick: options.quick, progress });
      sections.push(...broker.sections);
      details['broker'] = broker.details;
    } catch (error) {
      sections.push({ title: 'broker scale', figures: [], error: message(error) });
    }
  }

  if (options.suites.includes('attack')) {
    progress('broker under attack');
    try {
      const attack = await runAttackSuite({ quick: options.quick, progress });
      sections.push(...attack.sections);
      details['attack'] = attack.details;
    } catch (error) {
      sections.push({ title: 'broker under attack', figures: [], error: message(error) });
    }
  }

  if (options.suites.includes('cluster')) {
    progress('cluster');
    try {
      const cluster = await runClusterSuite({ quick: options.quick, progress });
      sections.push(...cluster.sections);
      details['cluster'] = cluster.details;
    } catch (error) {
      sections.push({ title: 'cluster', figures: [], error: message(error) });
    }
  }

  const mode = options.quick ? 'quick' : 'full';
  const header = [
    `sermo-webchat benchmarks (${mode} mode) on ${outDir}, ${startedAt.toISOString()}`,
    machineLine(machine),
  ];
  const table = renderTable(sections, header);
  const extra = sizeDetails ? breakdownLines(sizeDetails) : [];
  process.stdout.write(`${table}\n${extra.length ? `\n${extra.join('\n')}\n` : ''}`);

  const resultsFile = join(ROOT, 'bench', 'results.json');
  const results = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode, outDir, machine, sections, details };
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${resultsFile}\n`);

  const broken = sections.filter((s) => s.error !== undefined);
  if (broken.length > 0) {
    process.stderr.write(`bench: ${broken.length} suite(s) could not measure: ${broken.map((s) => s.title).join(', ')}\n`);
    return 1;
  }
  return 0;
}
