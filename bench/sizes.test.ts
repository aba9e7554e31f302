import { describe, expect, it } from 'vitest';
import { attribute, compressedSizes, pageAssets, staticImports } from './sizes.ts';

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
