/// <reference types="vitest/config" />
import { defineConfig, type EnvironmentOptions, type Plugin } from 'vite';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { compressPass } from './scripts/vite-compress-pass.ts';
import { sharedLazyChunkVersion } from './scripts/vite-lazy-chunk-version.ts';
import { lazyChunks } from './scripts/vite-lazy-chunks.ts';
import { unsaidRefusals } from './scripts/vite-unsaid-refusals.ts';
import { readWidgetBrokers } from './src/config/brokers.ts';

const root = import.meta.dirname;
/** Where the build goes; tests and helpers working side by side may point it elsewhere. */
const outDir = process.env.SERMO_OUT_DIR ?? 'dist';
/** Unit tests that need a DOM (happy-dom): the components, and the two ends of the host-page bridge. */
const DOM_TESTS = ['src/widget/ui/**/*.test.tsx', 'src/console/**/*.test.tsx', 'src/widget/bridge.test.ts', 'src/embed/loader.test.ts'];

/**
 * DESIGN §6.2: the origins `widget.html` may take `broker` and `imagesUrl` from (a comma list; unset: any).
 * A bad entry fails the build, naming it.
 */
const widgetBrokers = readWidgetBrokers(process.env.SERMO_WIDGET_BROKERS);

/** Without a list, a link to the company's own widget page can name any broker: say so at every build. */
const warnWithoutBrokerList = (): Plugin => ({
  name: 'sermo-widget-brokers',
  apply: 'build',
  buildStart() {
    if (!widgetBrokers && this.environment.name === 'client') {
      this.warn(
        'SERMO_WIDGET_BROKERS is not set: widget.html will connect to any broker and image endpoint its query names ' +
          '(DESIGN §6.2). For production, build with the origins of your brokers, e.g. SERMO_WIDGET_BROKERS=wss://chat.example.com',
      );
    }
  },
});

/** `sermo.mjs`'s type declarations, from its source (`tsconfig.types.json`), into `typesDir`. */
function buildTypes(typesDir: string): void {
  const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', resolve(root, 'tsconfig.types.json'), '--declarationDir', typesDir], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc could not write the type declarations into ${typesDir}`);
}

/** One entry of the loader, self-contained, written beside the widget under a stable name. */
const loaderEnvironment = (entry: string, format: 'iife' | 'es', fileName: string): EnvironmentOptions => ({
  consumer: 'client',
  build: {
    outDir,
    emptyOutDir: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: resolve(root, entry),
      // The module's exports are its API: none is lost to tree-shaking.
      preserveEntrySignatures: 'strict',
      output: { format, entryFileNames: fileName },
    },
  },
});

/**
 * One `vite build` makes (TOOLCHAIN.md, DESIGN §2):
 * - the `client` environment: the iframe app (`widget.html`), with hashed assets in `assets/` and relative
 *   paths (`base: './'`), so `dist/` works from any static host or CDN folder;
 * - the `pages` environment: the demo site and the agent console beside it, their assets in `site/` (not
 *   part of the npm package);
 * - one loader in two entry formats: the `loader` environment makes `sermo.js`, a self-contained classic
 *   script (IIFE), with `sermo-errors.js` beside it (`errors`), the words of a refused config, which it
 *   loads only then; and the `module` environment `sermo.mjs`, the ES module with `mount()` (DESIGN §3.4);
 *   then `tsc` writes the module's type declarations into `types/`.
 */
export default defineConfig({
  base: './',
  // Lazy chunks load without Vite's preload helper, and never with a stylesheet file (the plugin says why);
  // the widget's are all named with one version (scripts/vite-lazy-chunk-version.ts).
  define: { __SERMO_WIDGET_BROKERS__: JSON.stringify(widgetBrokers ?? null) },
  plugins: [lazyChunks(), sharedLazyChunkVersion(['client']), compressPass(), warnWithoutBrokerList(), unsaidRefusals(['client'])],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2022', modulePreload: false },
  environments: {
    client: {
      build: {
        outDir,
        emptyOutDir: true,
        rolldownOptions: {
          input: { widget: resolve(root, 'widget.html') },
          // Markdown and attachment cards come with rich agent messages, often together: one chunk for both
          // compresses better than three (DESIGN §8, everything the iframe can ever load).
          output: { codeSplitting: { groups: [{ name: 'rich', includeDependenciesRecursively: false, test: /src\/(widget\/(ui\/(Markdown|markdown|Attachments)|state\/attachment-view)|protocol\/attachments)/ }] } },
        },
      },
    },
    // The demo pages and the agent console are built apart from the widget, so no chunk is shared with
    // it: a shared chunk would carry code only the console needs into the iframe's 20 KB (DESIGN §8).
    pages: {
      consumer: 'client',
      build: {
        outDir,
        assetsDir: 'site',
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
    loader: loaderEnvironment('src/embed/sermo.ts', 'iife', 'sermo.js'),
    // The words of a refused config, which sermo.js loads only then (src/embed/errors.ts).
    errors: loaderEnvironment('src/embed/errors.ts', 'iife', 'sermo-errors.js'),
    module: loaderEnvironment('src/embed/mount.ts', 'es', 'sermo.mjs'),
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.pages!);
      await builder.build(builder.environments.loader!);
      await builder.build(builder.environments.errors!);
      await builder.build(builder.environments.module!);
      buildTypes(resolve(root, outDir, 'types'));
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
