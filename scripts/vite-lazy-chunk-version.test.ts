import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedLazyChunkVersion } from './vite-lazy-chunk-version.ts';
import { lazyChunks } from './vite-lazy-chunks.ts';

const works: string[] = [];
afterEach(async () => {
  for (const work of works.splice(0)) await rm(work, { recursive: true, force: true });
});

/**
 * A page whose entry (with a stylesheet) loads `./later.js` lazily, which loads `./other.js` lazily in turn;
 * the page sets `globalThis.page` to what `later.js`'s `show()` returns.
 */
const PAGE = {
  'index.html': '<!doctype html><script type="module" src="./main.js"></script>',
  'main.js': "import './main.css';\nglobalThis.page = import('./later.js').then((m) => m.show());",
  'main.css': 'body { color: red; }',
  'later.js': "export const show = () => import('./other.js').then((m) => 'later, then ' + m.word);",
  'other.js': "export const word = 'other';",
};

interface Built {
  outDir: string;
  /** The files in `assets/`, sorted. */
  assets: string[];
  code: (asset: string) => Promise<string>;
}

/** Builds `files` with the lazy-chunk plugins (the version plugin unless `withVersion` is false). */
async function buildPage(files: Record<string, string>, withVersion = true): Promise<Built> {
  const work = await mkdtemp(join(tmpdir(), 'sermo-lazy-version-'));
  works.push(work);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(work, name)), { recursive: true });
    await writeFile(join(work, name), text);
  }
  const { build } = await import('vite');
  const outDir = join(work, 'dist');
  const plugins = withVersion ? [lazyChunks(), sharedLazyChunkVersion(['client'])] : [lazyChunks()];
  await build({ root: work, configFile: false, base: './', logLevel: 'silent', plugins, build: { outDir, modulePreload: false } });
  const assets = (await readdir(join(outDir, 'assets'))).sort();
  return { outDir, assets, code: (asset) => readFile(join(outDir, 'assets', asset), 'utf8') };
}

const entryOf = (built: Built): string => built.assets.find((file) => file.startsWith('index-') && file.endsWith('.js'))!;
/** `later-AbCd_9-z.js` -> `AbCd_9-z`. */
const hashOf = (built: Built, name: string): string | undefined => built.assets.map((file) => new RegExp(`^${name}-([\\w-]{8})\\.js$`).exec(file)?.[1]).find(Boolean);

/** Runs the built page's entry in Node and returns what it set `globalThis.page` to. */
function runPage(built: Built): string {
  const entry = pathToFileURL(join(built.outDir, 'assets', entryOf(built))).href;
  return execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(entry)}); console.log(await globalThis.page);`], { encoding: 'utf8' }).trim();
}

describe('sharedLazyChunkVersion', () => {
  it('names every lazy chunk with one version, and renames nothing else', async () => {
    const withVersion = await buildPage(PAGE);
    const without = await buildPage(PAGE, false);
    const version = hashOf(withVersion, 'later');
    expect(version).toBeDefined();
    expect(hashOf(withVersion, 'other')).toBe(version);
    // Without the plugin the two chunks have their own content hashes.
    expect(hashOf(without, 'other')).not.toBe(hashOf(without, 'later'));
    const notLazy = (assets: string[]): string[] => assets.filter((file) => !/^(later|other)-/.test(file));
    expect(notLazy(withVersion.assets)).toEqual(notLazy(without.assets));
    expect(notLazy(withVersion.assets).filter((file) => file.endsWith('.css'))).toHaveLength(1);
    expect(notLazy(withVersion.assets).filter((file) => file.endsWith('.js'))).toHaveLength(1);
  });

  it('imports the lazy chunks by their new names, from the entry and from another lazy chunk: the page works', async () => {
    const built = await buildPage(PAGE);
    const version = hashOf(built, 'later');
    expect(await built.code(entryOf(built))).toMatch(new RegExp(`import\\(["'\`]\\./later-${version}\\.js["'\`]\\)`));
    expect(await built.code(`later-${version}.js`)).toMatch(new RegExp(`import\\(["'\`]\\./other-${version}\\.js["'\`]\\)`));
    for (const asset of built.assets.filter((file) => file.endsWith('.js'))) {
      for (const [, path] of (await built.code(asset)).matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)) expect(built.assets).toContain(path);
    }
    expect(runPage(built)).toBe('later, then other');
  });

  it('gives every lazy chunk, and the entry, a new name when one lazy chunk changes', async () => {
    const before = await buildPage(PAGE);
    const after = await buildPage({ ...PAGE, 'other.js': "export const word = 'another';" });
    expect(hashOf(after, 'later')).toBe(hashOf(after, 'other'));
    expect(hashOf(after, 'later')).not.toBe(hashOf(before, 'later'));
    expect(entryOf(after)).not.toBe(entryOf(before));
    expect(runPage(after)).toBe('later, then another');
  });

  it('numbers a lazy chunk whose name another one has', async () => {
    const files = {
      ...PAGE,
      'main.js': "globalThis.page = Promise.all([import('./a/later.js'), import('./b/later.js')]).then((pages) => pages.map((m) => m.show()).join(', '));",
      'a/later.js': "export const show = () => 'a';",
      'b/later.js': "export const show = () => 'b';",
    };
    const built = await buildPage(files);
    const version = hashOf(built, 'later');
    expect(built.assets).toContain(`later2-${version}.js`);
    expect(runPage(built)).toBe('a, b');
  });
});
