/**
 * The widget's build puts `src/protocol/refusal-unsaid.ts` in the place of `src/protocol/refusal.ts` (DESIGN §8,
 * the iframe's first load). The widget counts the frames its parser refuses and never reads why (DESIGN §4:
 * counted, not thrown; `refusalText` is kept out of src/widget by src/architecture.test.ts), so the reasons every
 * refusal would carry are bytes no one reads. The broker, the console, the demo bot and every unit test run
 * `refusal.ts` itself, with the reasons.
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const protocol = resolve(import.meta.dirname, '../src/protocol');
export const REFUSAL_MODULE = resolve(protocol, 'refusal.ts');
export const UNSAID_REFUSAL_MODULE = resolve(protocol, 'refusal-unsaid.ts');

/** For the environments named (the widget iframe's): `refusal.ts` is built from `refusal-unsaid.ts`. */
export function unsaidRefusals(environments: readonly string[]): Plugin {
  return {
    name: 'sermo:unsaid-refusals',
    apply: 'build',
    enforce: 'pre',
    applyToEnvironment: (environment) => environments.includes(environment.name),
    async resolveId(source, importer, options) {
      if (!importer || !source.endsWith('/refusal.ts')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === REFUSAL_MODULE ? UNSAID_REFUSAL_MODULE : null;
    },
  };
}
