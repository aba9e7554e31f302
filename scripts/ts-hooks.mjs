// Lets Node 20 run the TypeScript sources directly (`node --import ./scripts/ts-register.mjs x.ts`):
// Node 20 has no type stripping, so .ts/.tsx files are transpiled on load with the oxc transformer
// that Vite already ships. Types are checked by `npm run typecheck`, not here.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';

const TS_FILE = /\.tsx?$/;

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !TS_FILE.test(url)) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const source = await readFile(filename, 'utf8');
  const result = await transformWithOxc(source, filename, {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  });
  return { format: 'module', source: result.code, shortCircuit: true };
}
