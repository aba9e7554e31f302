/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { lazyChunks } from './scripts/vite-lazy-chunks.ts';

const root = import.meta.dirname;
/** Where the build goes; tests and helpers working side by side may point it elsewhere. */
const outDir = process.env.SERMO_OUT_DIR ?? 'dist';
/** Unit tests that need a DOM (happy-dom): the components, and the two ends of the host-page bridge. */
const DOM_TESTS = ['src/widget/ui/**/*.test.tsx', 'src/console/**/*.test.tsx', 'src/widget/bridge.test.ts', 'src/embed/loader.test.ts'];

/**
 * One `vite build` makes two things (TOOLCHAIN.md):
 * - the `client` environment: the iframe app (`widget.html`), with hashed assets and relative paths
 *   (`base: './'`), so `dist/` works from any static host or CDN folder; the `pages` environment builds
 *   the demo site and the agent console beside it;
 * - the `loader` environment: `sermo.js`, a self-contained classic script (IIFE) with a stable name.
 */
export default defineConfig({
  base: './',
  // Lazy chunks load without Vite's preload helper, and never with a stylesheet file (the plugin says why).
  plugins: [lazyChunks()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2022', modulePreload: false },
  environments: {
    client: {
      build: {
        outDir,
        emptyOutDir: true,
        rolldownOptions: { input: { widget: resolve(root, 'widget.html') } },
      },
    },
    // The demo pages and the agent console are built apart from the widget, so no chunk is shared with
    // it: a shared chunk would carry code only the console needs into the iframe's 20 KB (DESIGN §8).
    pages: {
      consumer: 'client',
      build: {
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        rolldownOptions: {
          input: {
            index: resolve(root, 'index.html'),
            embed: resolve(root, 'embed.html'),
            console: resolve(root, 'console.html'),
          },
        },
      },
    },
    loader: {
      consumer: 'client',
      build: {
        outDir,
        emptyOutDir: false,
        copyPublicDir: false,
        rolldownOptions: {
          input: resolve(root, 'src/embed/sermo.ts'),
          output: { format: 'iife', entryFileNames: 'sermo.js' },
        },
      },
    },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.pages!);
      await builder.build(builder.environments.loader!);
    },
  },
  test: {
    restoreMocks: true,
    unstubGlobals: true,
    // One module graph per project, not one per test file: a fresh worker per file (vitest's default) spent
    // about 25 of 35 s importing vitest, happy-dom and the sources again for ~6 s of tests. Each file still
    // gets fresh mocks, globals and (scripts/vitest-dom-setup.ts) an empty document.
    isolate: false,
    pool: 'threads',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts', 'scripts/**/*.test.{ts,mjs}'],
          exclude: DOM_TESTS,
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: DOM_TESTS,
          environment: 'happy-dom',
          setupFiles: ['scripts/vitest-dom-setup.ts'],
        },
      },
    ],
  },
});
