import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attribute, chunkName, compressedSizes, dynamicImports, filesLoadedBy, lazyChunksOf, pageAssets, staticImports } from './sizes.ts';

describe('pageAssets', () => {
  it('finds module scripts, stylesheets and modulepreloads, relative only', () => {
    const html = `<link rel="icon" href="data:,"><script type="module" crossorigin src="./assets/widget-a1.js"></script>
      <link rel="stylesheet" crossorigin href="./assets/widget-b2.css"><link rel=modulepreload href=./assets/chunk-c3.js>
      <script src="https://cdn.example.com/x.js"></script>`;
    expect(pageAssets(html)).toEqual(['./assets/widget-a1.js', './assets/widget-b2.css', './assets/chunk-c3.js']);
  });
});

describe('staticImports', () => {
  it('reads minified static imports and re-exports, not dynamic imports', () => {
    const code = 'import{a as b,c}from"./chunk-1.js";import"./side.js";export{d}from"./re.js";const x=import("./lazy.js");';
    expect(staticImports(code)).toEqual(['./chunk-1.js', './side.js', './re.js']);
  });
});

describe('dynamicImports', () => {
  it('reads minified dynamic imports in any quotes, not static ones or computed specifiers', () => {
    const code = 'import{a}from"./static.js";const l=()=>import(`./images-DODpBTOR.js`),m=import("./card.js"),n=import(x);';
    expect(dynamicImports(code)).toEqual(['./images-DODpBTOR.js', './card.js']);
  });
});

describe('chunkName', () => {
  it('drops the folder, the hash and the extension', () => {
    expect(chunkName('assets/images-DODpBTOR.js')).toBe('images');
    expect(chunkName('assets/rich-card-Ab_9-xYz.js')).toBe('rich-card');
  });
});

describe('lazyChunksOf', () => {
  it('finds each lazy chunk with what it brings beyond the first load, lazy chunks of lazy chunks too', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sermo-sizes-'));
    try {
      await mkdir(join(out, 'assets'));
      const files: Record<string, string> = {
        'widget.html': '<script type="module" src="./assets/main.js"></script><link rel="stylesheet" href="./assets/main.css">',
        'assets/main.js': 'import{p}from"./preact.js";const c=()=>import("./card.js"),i=()=>import(`./images.js`);',
        'assets/main.css': 'body{}',
        'assets/preact.js': 'export const p=1;',
        'assets/card.js': 'import{p}from"./preact.js";import{s}from"./shared.js";const m=()=>import("./markdown.js");',
        'assets/images.js': 'import{s}from"./shared.js";',
        'assets/shared.js': 'export const s=1;',
        'assets/markdown.js': 'export const m=1;',
      };
      for (const [name, text] of Object.entries(files)) await writeFile(join(out, name), text);
      expect(await filesLoadedBy(out, 'widget.html')).toEqual(['assets/main.js', 'assets/main.css', 'assets/preact.js']);
      expect(await lazyChunksOf(out, 'widget.html')).toEqual([
        { entry: 'assets/card.js', files: ['assets/card.js', 'assets/shared.js'] },
        { entry: 'assets/images.js', files: ['assets/images.js', 'assets/shared.js'] },
        { entry: 'assets/markdown.js', files: ['assets/markdown.js'] },
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('compressedSizes', () => {
  it('compresses repetitive text far below its raw size', () => {
    const sizes = compressedSizes(Buffer.from('chat '.repeat(1000)));
    expect(sizes.raw).toBe(5000);
    expect(sizes.gzip).toBeLessThan(100);
    expect(sizes.brotli).toBeLessThan(100);
  });
});

describe('attribute', () => {
  it('splits a chunk\'s brotli size by rendered bytes and sums by package or folder', () => {
    const chunks = [
      {
        environment: 'client',
        fileName: 'assets/widget.js',
        modules: [
          { id: 'node_modules/preact/dist/preact.mjs', renderedBytes: 300 },
          { id: 'src/widget/ui/App.tsx', renderedBytes: 100 },
          { id: 'src/widget/ui/Composer.tsx', renderedBytes: 100 },
        ],
      },
      { environment: 'client', fileName: 'assets/console.js', modules: [{ id: 'src/console/main.ts', renderedBytes: 50 }] },
    ];
    const { owners, modules } = attribute(chunks, (file) => (file === 'assets/widget.js' ? 1000 : undefined));
    expect(owners).toEqual([
      { name: 'preact', renderedBytes: 300, brotliShare: 600 },
      { name: 'src/widget/ui', renderedBytes: 200, brotliShare: 400 },
    ]);
    expect(modules.map((m) => m.name)).toEqual(['node_modules/preact/dist/preact.mjs', 'src/widget/ui/App.tsx', 'src/widget/ui/Composer.tsx']);
  });
});
