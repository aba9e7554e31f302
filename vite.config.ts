/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

const root = import.meta.dirname;
/** Where the build goes; tests and helpers working side by side may point it elsewhere. */
const outDir = process.env.SERMO_OUT_DIR ?? 'dist';

/**
 * One `vite build` makes two things (TOOLCHAIN.md):
 * - the `client` environment: the iframe app (`widget.html`) and the demo pages, with hashed assets
 *   and relative paths (`base: './'`), so `dist/` works from any static host or CDN folder;
 * - the `loader` environment: `sermo.js`, a self-contained classic script (IIFE) with a stable name.
 */
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2022', modulePreload: false },
  environments: {
    client: {
      build: {
        outDir,
        emptyOutDir: true,
        rolldownOptions: {
          input: {
            widget: resolve(root, 'widget.html'),
            index: resolve(root, 'index.html'),
            embed: resolve(root, 'embed.html'),
            console: resolve(root, 'console.html'),
          },
          plugins: [
            {
              // DESIGN §8: the iframe's 20 KB budget. Rolldown shares a module between pages at module
              // granularity, so a chunk the widget and the agent console both import carries everything
              // either needs (the console's hooks, application parsing and so on) and splits the widget's
              // code into two separately compressed files. The console therefore gets its own copies of
              // what it would share with the widget (preact, signals, src/protocol), marked by a query;
              // the widget then loads one file with only what it uses. The pages never run together.
              name: 'sermo-console-copies',
              resolveId: {
                // Before Vite's own resolver, which would otherwise answer first.
                order: 'pre',
                async handler(source, importer, options) {
                  if (!importer || !(importer.includes('/src/console/') || importer.endsWith('?sermo-console'))) return null;
                  const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
                  if (!resolved || resolved.external || !/\/node_modules\/(preact|@preact)\/|\/src\/protocol\//.test(resolved.id)) {
                    return resolved;
                  }
                  return { ...resolved, id: `${resolved.id}?sermo-console` };
                },
              },
            },
          ],
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
      await builder.build(builder.environments.loader!);
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.{ts,mjs}'],
    environment: 'node',
    // DOM tests opt in per file with a `// @vitest-environment happy-dom` docblock.
    restoreMocks: true,
  },
});
