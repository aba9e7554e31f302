import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyChunks } from './vite-lazy-chunks.ts';

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = undefined;
});

/** Builds a page whose module imports `./later.js` lazily, with the plugin; returns the entry chunk's code. */
async function buildWithLazyChunk(files: Record<string, string>): Promise<string> {
  work = await mkdtemp(join(tmpdir(), 'sermo-lazy-chunks-'));
  const page = { 'index.html': '<!doctype html><script type="module" src="./main.js"></script>', 'main.js': "import('./later.js').then((m) => m.show());" };
  for (const [name, text] of Object.entries({ ...page, ...files })) await writeFile(join(work, name), text);
  const { build } = await import('vite');
  const outDir = join(work, 'dist');
  await build({ root: work, configFile: false, base: './', logLevel: 'silent', plugins: [lazyChunks()], build: { outDir, modulePreload: false } });
  const assets = await readdir(join(outDir, 'assets'));
  const entry = assets.find((file) => file.startsWith('index-') && file.endsWith('.js'))!;
  return readFile(join(outDir, 'assets', entry), 'utf8');
}

describe('lazyChunks', () => {
  it('loads a lazy chunk with a bare import(), without Vite’s preload helper', async () => {
    const entry = await buildWithLazyChunk({ 'later.js': 'export const show = () => document.body.append("later");' });
    expect(entry).toMatch(/import\(["'`]\.\/later-[\w-]+\.js["'`]\)/);
    expect(entry).not.toContain('vite:preloadError');
    expect(entry).not.toContain('modulepreload');
  });

  it('calls the helper with the chunk alone: no unread deps list or base URL at each import', async () => {
    const entry = await buildWithLazyChunk({ 'later.js': 'export const show = () => document.body.append("later");' });
    expect(entry).not.toContain('import.meta.url');
  });

  it('fails the build when a lazy chunk imports a stylesheet file', async () => {
    const files = { 'later.js': "import './later.css';\nexport const show = () => {};", 'later.css': '.later { color: red; }' };
    await expect(buildWithLazyChunk(files)).rejects.toThrow(/lazy chunk assets\/later-[\w-]+\.js imports the stylesheet .*later.*\.css.*\?inline/);
  });

  it('lets a lazy chunk bring its CSS as text (?inline)', async () => {
    const files = { 'later.js': "import css from './later.css?inline';\nexport const show = () => document.body.append(css);", 'later.css': '.later { color: red; }' };
    await expect(buildWithLazyChunk(files)).resolves.toContain('later-');
  });
});
