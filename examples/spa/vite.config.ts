import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const repo = resolve(import.meta.dirname, '../..');

/**
 * The example app. `sermo-webchat` resolves to this repository's built module (`npm run build` first), as
 * `npm install sermo-webchat` would give it: `dist/sermo.mjs`.
 */
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { 'sermo-webchat': resolve(repo, process.env.SERMO_OUT_DIR ?? 'dist', 'sermo.mjs') } },
  build: { target: 'es2022' },
});
