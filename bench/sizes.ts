/**
 * Sizes (DESIGN §8): the loader in both its formats (`sermo.js`, `sermo.mjs`); the widget iframe's first load
 * (what `widget.html` loads at start: its script and stylesheet tags and the static imports of those scripts),
 * each lazy chunk it may load later (the dynamic imports, with their own static imports), and everything it
 * can ever load; the Preact + signals floor. Raw, gzip and brotli, each file compressed on its own as a server
 * sends it. Then which module costs the bytes, from an analysis build.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { type AnalysedChunk, analysisBuild, floorBuild } from './build.ts';
import { type Figure, kb, makeFigure } from './figures.ts';

export interface Compressed {
  raw: number;
  gzip: number;
  brotli: number;
}

/** Sizes at the settings a CDN uses for static files: gzip -9, brotli quality 11. */
export function compressedSizes(data: Buffer): Compressed {
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  };
}

const sum = (list: readonly Compressed[]): Compressed =>
  list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 });

/** `src`/`href` of the tags that load JS or CSS at start; ignores absolute URLs and `data:`. */
export function pageAssets(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const rel = /\brel\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    if (!isScript && rel !== 'stylesheet' && rel !== 'modulepreload') continue;
    const url = (isScript ? /\bsrc\s*=\s*["']?([^"'\s>]+)/i : /\bhref\s*=\s*["']?([^"'\s>]+)/i).exec(tag)?.[1];
    if (url && !/^([a-z]+:|\/\/)/i.test(url)) found.push(url.replace(/[?#].*$/, ''));
  }
  return found;
}

/** Relative specifiers of a minified ES module's static `import ... from` / `import "..."` / `export ... from`. */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[;}\s)])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) found.push(match[1]!);
  return found;
}

/** Relative specifiers of a minified ES module's dynamic `import("...")` with a literal specifier. */
export function dynamicImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g;
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) found.push(match[1]!);
  return found;
}

/**
 * `start` and every file its scripts import statically, relative to `outDir`, leaving out `loaded` (files
 * already there); plus the targets of their dynamic imports, which are loaded later.
 */
async function staticClosure(outDir: string, start: readonly string[], loaded: ReadonlySet<string> = new Set()): Promise<{ files: string[]; lazy: string[] }> {
  const seen = new Set<string>();
  const lazy: string[] = [];
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || loaded.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(outDir, file), 'utf8');
    for (const spec of staticImports(code)) queue.push(normalize(join(dirname(file), spec)));
    for (const spec of dynamicImports(code)) lazy.push(normalize(join(dirname(file), spec)));
  }
  return { files: [...seen], lazy };
}

/** Every JS and CSS file `htmlFile` loads before any dynamic import, relative to `outDir`. */
export async function filesLoadedBy(outDir: string, htmlFile: string): Promise<string[]> {
  const start = pageAssets(await readFile(join(outDir, htmlFile), 'utf8')).map((url) => normalize(join(dirname(htmlFile), url)));
  return (await staticClosure(outDir, start)).files;
}

/** A chunk loaded by a dynamic import: its file, and the files it brings that were not loaded before. */
export interface LazyChunk {
  entry: string;
  files: string[];
}

/**
 * What `htmlFile` may load after its first load: each dynamic import target (also those of lazy chunks),
 * with the files it brings beyond the first load. A file shared by two lazy chunks counts in both.
 */
export async function lazyChunksOf(outDir: string, htmlFile: string): Promise<LazyChunk[]> {
  const start = pageAssets(await readFile(join(outDir, htmlFile), 'utf8')).map((url) => normalize(join(dirname(htmlFile), url)));
  const first = await staticClosure(outDir, start);
  const firstLoad = new Set(first.files);
  const chunks: LazyChunk[] = [];
  const queue = [...first.lazy];
  while (queue.length > 0) {
    const entry = queue.shift()!;
    if (firstLoad.has(entry) || chunks.some((chunk) => chunk.entry === entry)) continue;
    const closure = await staticClosure(outDir, [entry], firstLoad);
    chunks.push({ entry, files: closure.files });
    queue.push(...closure.lazy);
  }
  return chunks;
}

/** `assets/images-DODpBTOR.js` -> `images`: a chunk's name without its folder, hash and extension. */
export const chunkName = (file: string): string => file.replace(/^.*\//, '').replace(/(?:-[\w-]{8})?\.js$/, '');

async function measureFiles(outDir: string, files: readonly string[]): Promise<Record<string, Compressed>> {
  const sizes: Record<string, Compressed> = {};
  for (const file of files) sizes[file] = compressedSizes(await readFile(join(outDir, file)));
  return sizes;
}

/** Where a module belongs in the breakdown: its npm package, or its source folder. */
function owner(id: string): string {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1]!;
  return id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : id;
}

export interface ByteShare {
  name: string;
  /** Tree-shaken, unminified bytes. */
  renderedBytes: number;
  /** The chunk's real brotli size split by rendered bytes: an estimate, as compression is not additive. */
  brotliShare: number;
}

/** Splits each chunk's measured brotli size over its modules, then sums by module and by owner. */
export function attribute(chunks: readonly AnalysedChunk[], brotliOf: (fileName: string) => number | undefined): { modules: ByteShare[]; owners: ByteShare[] } {
  const modules = new Map<string, ByteShare>();
  const owners = new Map<string, ByteShare>();
  const add = (into: Map<string, ByteShare>, name: string, rendered: number, share: number) => {
    const entry = into.get(name) ?? { name, renderedBytes: 0, brotliShare: 0 };
    entry.renderedBytes += rendered;
    entry.brotliShare += share;
    into.set(name, entry);
  };
  for (const chunk of chunks) {
    const brotli = brotliOf(chunk.fileName);
    if (brotli === undefined) continue;
    const total = chunk.modules.reduce((n, m) => n + m.renderedBytes, 0) || 1;
    for (const part of chunk.modules) {
      if (part.renderedBytes === 0) continue;
      const share = (brotli * part.renderedBytes) / total;
      add(modules, part.id, part.renderedBytes, share);
      add(owners, owner(part.id), part.renderedBytes, share);
    }
  }
  const byShare = (a: ByteShare, b: ByteShare) => b.brotliShare - a.brotliShare;
  const round = (s: ByteShare) => ({ ...s, brotliShare: Math.round(s.brotliShare) });
  return { modules: [...modules.values()].sort(byShare).map(round), owners: [...owners.values()].sort(byShare).map(round) };
}

/** DESIGN §8: `sermo.js` (with title notifications), and `sermo.mjs` likewise, at most 2.25 KB brotli each. */
const LOADER_BUDGET = kb(2.25);

export interface SizeDetails {
  loader: Compressed;
  module: Compressed;
  /** The first load. */
  widget: { files: Record<string, Compressed>; total: Compressed };
  /** Each lazy chunk with the files it brings, and everything the iframe can ever load. */
  lazy: { chunks: { entry: string; files: Record<string, Compressed>; total: Compressed }[]; everything: Compressed };
  floor: { files: Record<string, Compressed>; total: Compressed } | null;
  breakdown: {
    loader: { modules: ByteShare[]; owners: ByteShare[] };
    widget: { modules: ByteShare[]; owners: ByteShare[]; css: Compressed };
  } | null;
  errors: string[];
}

async function breakdown(): Promise<NonNullable<SizeDetails['breakdown']>> {
  const { chunks, outDir } = await analysisBuild();
  try {
    const widgetFiles = await filesLoadedBy(outDir, 'widget.html');
    const widgetSizes = await measureFiles(outDir, widgetFiles);
    const loaderSizes = await measureFiles(outDir, ['sermo.js']);
    const loaderChunks = chunks.filter((c) => c.environment === 'loader' && c.fileName === 'sermo.js');
    const widgetChunks = chunks.filter((c) => c.environment !== 'loader' && widgetFiles.includes(c.fileName));
    const css = sum(widgetFiles.filter((f) => f.endsWith('.css')).map((f) => widgetSizes[f]!));
    return {
      loader: attribute(loaderChunks, (f) => loaderSizes[f]?.brotli),
      widget: { ...attribute(widgetChunks, (f) => widgetSizes[f]?.brotli), css },
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** `withBreakdown`: also run the analysis build (a few seconds; quick mode leaves it out). */
export async function runSizes(outDir: string, withBreakdown: boolean): Promise<{ figures: Figure[]; details: SizeDetails }> {
  const errors: string[] = [];
  const loader = compressedSizes(await readFile(join(outDir, 'sermo.js')));
  const module = compressedSizes(await readFile(join(outDir, 'sermo.mjs')));
  const loaderErrors = compressedSizes(await readFile(join(outDir, 'sermo-errors.js')));
  const widgetFiles = await measureFiles(outDir, await filesLoadedBy(outDir, 'widget.html'));
  const widgetTotal = sum(Object.values(widgetFiles));
  const lazyChunks = [];
  const measured = new Map(Object.entries(widgetFiles));
  for (const chunk of await lazyChunksOf(outDir, 'widget.html')) {
    const files = await measureFiles(outDir, chunk.files);
    for (const [file, size] of Object.entries(files)) measured.set(file, size);
    lazyChunks.push({ entry: chunk.entry, files, total: sum(Object.values(files)) });
  }
  // Each file once, however many chunks bring it.
  const everything = sum([...measured.values()]);

  let floor: SizeDetails['floor'] = null;
  try {
    const built = await floorBuild();
    try {
      const files = await measureFiles(built.outDir, await filesLoadedBy(built.outDir, 'index.html'));
      floor = { files, total: sum(Object.values(files)) };
    } finally {
      await built.cleanup();
    }
  } catch (error) {
    errors.push(`floor build: ${error instanceof Error ? error.message : String(error)}`);
  }

  let split: SizeDetails['breakdown'] = null;
  if (withBreakdown) {
    try {
      split = await breakdown();
    } catch (error) {
      errors.push(`analysis build: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const jsFiles = Object.keys(widgetFiles).filter((f) => f.endsWith('.js')).length;
  const cssFiles = Object.keys(widgetFiles).length - jsFiles;
  const figures = [
    makeFigure({ id: 'size.loader.raw', label: 'sermo.js raw', unit: 'B', value: loader.raw }),
    makeFigure({ id: 'size.loader.gzip', label: 'sermo.js gzip', unit: 'B', value: loader.gzip }),
    makeFigure({ id: 'size.loader.brotli', label: 'sermo.js brotli', unit: 'B', value: loader.brotli, budget: { op: '<=', limit: LOADER_BUDGET } }),
    makeFigure({ id: 'size.loader.errors.brotli', label: 'sermo-errors.js brotli (loaded only for a bad config)', unit: 'B', value: loaderErrors.brotli }),
    makeFigure({ id: 'size.module.raw', label: 'sermo.mjs raw', unit: 'B', value: module.raw }),
    makeFigure({ id: 'size.module.brotli', label: 'sermo.mjs brotli', unit: 'B', value: module.brotli, budget: { op: '<=', limit: LOADER_BUDGET } }),
    makeFigure({ id: 'size.widget.raw', label: `widget iframe first load raw (${jsFiles} JS, ${cssFiles} CSS)`, unit: 'B', value: widgetTotal.raw }),
    makeFigure({ id: 'size.widget.gzip', label: 'widget iframe first load gzip', unit: 'B', value: widgetTotal.gzip }),
    makeFigure({ id: 'size.widget.brotli', label: 'widget iframe first load brotli', unit: 'B', value: widgetTotal.brotli, budget: { op: '<=', limit: kb(20) } }),
    ...lazyChunks.map((chunk) =>
      makeFigure({
        id: `size.widget.lazy.${chunkName(chunk.entry)}.brotli`,
        label: `widget lazy chunk ${chunkName(chunk.entry)} brotli (${Object.keys(chunk.files).length} file${Object.keys(chunk.files).length === 1 ? '' : 's'})`,
        unit: 'B',
        value: chunk.total.brotli,
      }),
    ),
    makeFigure({
      id: 'size.widget.all.brotli',
      label: `widget iframe, all it can ever load, brotli (${lazyChunks.length} lazy chunk${lazyChunks.length === 1 ? '' : 's'})`,
      unit: 'B',
      value: everything.brotli,
      budget: { op: '<=', limit: kb(32) },
    }),
    makeFigure({ id: 'size.floor.brotli', label: 'reference: Preact + signals floor brotli', unit: 'B', value: floor?.total.brotli ?? null, ...(floor ? {} : { note: 'floor build failed' }) }),
  ];
  if (floor) {
    figures.push(
      makeFigure({
        id: 'size.widget.own.brotli',
        label: 'widget brotli above the floor',
        unit: 'B',
        value: widgetTotal.brotli - floor.total.brotli,
      }),
    );
  }
  return {
    figures,
    details: { loader, module, widget: { files: widgetFiles, total: widgetTotal }, lazy: { chunks: lazyChunks, everything }, floor, breakdown: split, errors },
  };
}

/** Lines for the report under the table: the owners and modules that cost the most brotli bytes. */
export function breakdownLines(details: SizeDetails, top = 8): string[] {
  const split = details.breakdown;
  if (!split) return details.errors.map((error) => `sizes: ${error}`);
  const row = (s: ByteShare) => `    ${String(s.brotliShare).padStart(6)} B  ${s.name}  (${s.renderedBytes.toLocaleString('en')} B unminified)`;
  return [
    'where the bytes go (brotli, estimated by each module\'s share of its chunk):',
    '  widget iframe, by package or folder:',
    ...split.widget.owners.slice(0, top).map(row),
    `    ${String(split.widget.css.brotli).padStart(6)} B  CSS files`,
    '  widget iframe, largest modules:',
    ...split.widget.modules.slice(0, top).map(row),
    '  sermo.js, largest modules:',
    ...split.loader.modules.slice(0, top).map(row),
  ];
}
