/** Command-line options of `npm run bench`. */

export const SUITES = ['sizes', 'host', 'open', 'render', 'reload', 'storm', 'broker', 'attack', 'cluster'] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchOptions {
  /** Small enough for CI: the whole run in under a minute. */
  quick: boolean;
  /** Rebuild even when the output folder already holds a build. */
  build: boolean;
  suites: SuiteName[];
}

const isSuite = (name: string): name is SuiteName => (SUITES as readonly string[]).includes(name);

/** Parses `--quick`, `--build`, `--only=a,b`; throws on anything else, naming it. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { quick: false, build: false, suites: [...SUITES] };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg === '--build') options.build = true;
    else if (arg.startsWith('--only=')) {
      const names = arg.slice('--only='.length).split(',').filter(Boolean);
      const unknown = names.filter((name) => !isSuite(name));
      if (unknown.length || names.length === 0) {
        throw new Error(`--only: unknown suite ${unknown.join(', ') || '(none)'}; expected a comma list of ${SUITES.join(', ')}`);
      }
      options.suites = SUITES.filter((name) => names.includes(name));
    } else {
      throw new Error(`unknown option ${arg}; expected --quick, --build or --only=${SUITES.join(',')}`);
    }
  }
  return options;
}
