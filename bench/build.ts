/**
 * Builds the benchmarks need: the project build they measure (only when missing), an analysis build that
 * records which module costs the bytes, and the Preact + signals floor for reference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

export const ROOT = resolve(import.meta.dirname, '..');

/** The folder measured: `SERMO_OUT_DIR` (as the build uses it), else `dist/`. */
export function outDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(ROOT, env['SERMO_OUT_DIR'] ?? 'dist');
}

export function isBuilt(outDir: string): boolean {
  return existsSync(join(outDir, 'sermo.js')) && existsSync(join(outDir, 'widget.html'));
}

/** Runs `vite build` into `outDir` (the build empties it first); throws if the build fails. */
export function buildProject(outDir: string): void {
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SERMO_OUT_DIR: outDir },
  });
  if (result.status !== 0) throw new Error(`vite build into ${outDir} failed (exit ${result.status})`);
}

/** One module's part of one output chunk, before minification. */
export interface ModulePart {
  /** Project-relative path, or `node_modules/<package>/...`. */
  id: string;
  renderedBytes: number;
}

export interface AnalysedChunk {
  environment: string;
  fileName: string;
  modules: ModulePart[];
}

function relativeId(id: string): string {
  const clean = id.replace(/\?.*$/, '').replace(/^\0/, '');
  const inModules = clean.lastIndexOf('/node_modules/');
  if (inModules >= 0) return clean.slice(inModules + 1);
  return clean.startsWith(`${ROOT}/`) ? clean.slice(ROOT.length + 1) : clean;
}

function moduleRecorder(into: AnalysedChunk[]): Plugin {
  return {
    name: 'sermo-bench-module-sizes',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        into.push({
          environment: this.environment.name,
          fileName: output.fileName,
          modules: Object.entries(output.modules).map(([id, part]) => ({
            id: relativeId(id),
            renderedBytes: part.renderedLength,
          })),
        });
      }
    },
  };
}

/**
 * Builds the project once more into a temporary folder with a plugin that records each chunk's modules
 * and their rendered (tree-shaken, not yet minified) length. Returns the chunks and the folder, which the
 * caller removes.
 */
export async function analysisBuild(): Promise<{ chunks: AnalysedChunk[]; outDir: string }> {
  const outDir = await mkdtemp(join(tmpdir(), 'sermo-bench-analysis-'));
  const chunks: AnalysedChunk[] = [];
  const previous = process.env['SERMO_OUT_DIR'];
  // vite.config.ts reads the output folder from the environment when it is loaded.
  process.env['SERMO_OUT_DIR'] = outDir;
  try {
    const { createBuilder } = await import('vite');
    const builder = await createBuilder({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'silent',
      plugins: [moduleRecorder(chunks)],
    });
    await builder.buildApp();
  } finally {
    if (previous === undefined) delete process.env['SERMO_OUT_DIR'];
    else process.env['SERMO_OUT_DIR'] = previous;
  }
  return { chunks, outDir };
}

/** A page that renders with Preact and @preact/signals and nothing else: the least a Preact widget ships. */
const FLOOR_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head>
<body><div id="app"></div><script type="module" src="./main.js"></script></body></html>`;
const FLOOR_MAIN = `import { h, render } from 'preact';
import { useRef } from 'preact/hooks';
import { computed, effect, signal } from '@preact/signals';
const count = signal(0);
const label = computed(() => 'clicked ' + count.value);
effect(() => { document.title = label.value; });
function App() {
  const clicks = useRef(0);
  return h('button', { onClick: () => { clicks.current++; count.value++; } }, label);
}
render(h(App, null), document.getElementById('app'));
`;

/**
 * Builds the floor with Vite (the project's target, no project config) and returns its output folder
 * for the caller to measure and remove. The entry lives under node_modules/.cache so that `preact`
 * resolves from the project's node_modules.
 */
export async function floorBuild(): Promise<{ outDir: string; cleanup: () => Promise<void> }> {
  const base = join(ROOT, 'node_modules', '.cache', 'sermo-bench');
  await mkdir(base, { recursive: true });
  const work = await mkdtemp(join(base, 'floor-'));
  await writeFile(join(work, 'index.html'), FLOOR_HTML);
  await writeFile(join(work, 'main.js'), FLOOR_MAIN);
  const outDir = join(work, 'dist');
  const { build } = await import('vite');
  await build({
    root: work,
    configFile: false,
    base: './',
    logLevel: 'silent',
    build: { outDir, target: 'es2022', modulePreload: false, emptyOutDir: true },
  });
  return { outDir, cleanup: () => rm(work, { recursive: true, force: true }) };
}
