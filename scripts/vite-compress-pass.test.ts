import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compressPass } from './vite-compress-pass.ts';

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = undefined;
});

/** Builds `main.js` as a page's module, with or without the pass; returns the entry chunk's code. */
async function buildEntry(main: string, withPass: boolean): Promise<string> {
  work = await mkdtemp(join(tmpdir(), 'sermo-compress-pass-'));
  await writeFile(join(work, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  await writeFile(join(work, 'main.js'), main);
  const { build } = await import('vite');
  const outDir = join(work, 'dist');
  await build({ root: work, configFile: false, logLevel: 'silent', plugins: withPass ? [compressPass()] : [], build: { outDir, modulePreload: false } });
  const assets = await readdir(join(outDir, 'assets'));
  const code = await readFile(join(outDir, 'assets', assets.find((file) => file.endsWith('.js'))!), 'utf8');
  await rm(work, { recursive: true, force: true });
  return code;
}

// A single-use helper behind a condition oxc keeps apart; terser's compressor folds it into its caller.
const MAIN = `
function describe(kind, count) { return kind === 'one' ? 'one message' : count + ' messages'; }
document.title = describe(location.hash ? 'many' : 'one', location.hash.length);
`;

describe('compressPass', () => {
  it('folds what the minifier left, and the page still does the same', async () => {
    const plain = await buildEntry(MAIN, false);
    const passed = await buildEntry(MAIN, true);
    expect(passed.length).toBeLessThan(plain.length);
    for (const hash of ['', '#abc']) {
      const run = (code: string) => {
        const page = { title: '', location: { hash } };
        new Function('document', 'location', code)(page, page.location);
        return page.title;
      };
      expect(run(passed)).toBe(run(plain));
    }
  });

  it('runs for the budgeted files only: the widget and the loader, not the demo pages', () => {
    const plugin = compressPass();
    const applies = (name: string) => (plugin.applyToEnvironment as (environment: { name: string }) => boolean)({ name });
    expect(['client', 'loader', 'errors', 'module'].map(applies)).toEqual([true, true, true, true]);
    expect(applies('pages')).toBe(false);
  });
});
