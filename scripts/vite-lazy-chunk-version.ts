/**
 * All the widget's lazy chunks named with one shared version (DESIGN §8, the iframe's first load): the first
 * load names each lazy chunk it may import (`import("./extras-<hash>.js")`), and ten different content hashes
 * of 8 random-looking characters each are bytes brotli cannot compress. With one version `V` for all of them
 * (`extras-V.js`, `rich-V.js`, ...) brotli compresses the repeats: the first load was 92 B smaller in the build
 * that brought this, about 98 B on the mean over 24 random draws of the names.
 *
 * `V` is a hash of all the lazy chunks' content-hashed names, so any change to any of them gives every lazy
 * chunk a new URL and caches still refresh. The cost: after a deploy that changed one lazy chunk, a browser
 * fetches the unchanged ones again too. The entry keeps its content-hashed name, which still changes when any
 * lazy chunk does: it was hashed from code that named the lazy chunks by their content-hashed names.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/** A chunk's file name with its content hash: `assets/extras-D5LBLmS-.js` -> `assets/extras` and `D5LBLmS-`. */
const HASHED_CHUNK = /^(.*)-[\w-]{8}\.js$/;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const baseName = (fileName: string): string => fileName.slice(fileName.lastIndexOf('/') + 1);

/** The version shared by the lazy chunks named `fileNames`: 8 base64url characters of their sorted names' sha256. */
export function lazyChunkVersion(fileNames: readonly string[]): string {
  return createHash('sha256').update([...fileNames].sort().join('\n')).digest('base64url').slice(0, 8);
}

/**
 * Each lazy chunk's new file name, by its content-hashed one. Two chunks of one name (two `later.ts` in two
 * folders) would get the same new name: the second becomes `later2-V.js`, as Rolldown numbers names it repeats.
 */
export function renamedLazyChunks(fileNames: readonly string[]): Map<string, string> {
  const version = lazyChunkVersion(fileNames);
  const renamed = new Map<string, string>();
  const taken = new Set<string>();
  for (const fileName of [...fileNames].sort()) {
    const stem = HASHED_CHUNK.exec(fileName)![1]!;
    let newName = `${stem}-${version}.js`;
    for (let count = 2; taken.has(newName); count++) newName = `${stem}${count}-${version}.js`;
    taken.add(newName);
    renamed.set(fileName, newName);
  }
  return renamed;
}

/** For the environments named (the widget iframe's): every lazy chunk named with one version. */
export function sharedLazyChunkVersion(environments: readonly string[]): Plugin {
  return {
    name: 'sermo:lazy-chunk-version',
    apply: 'build',
    applyToEnvironment: (environment) => environments.includes(environment.name),
    generateBundle: {
      // After Vite's own, which writes the chunks' names into the code (the lazy imports, any preload list).
      order: 'post',
      handler(_, bundle) {
        const lazyChunks = Object.values(bundle).filter((output) => output.type === 'chunk' && !output.isEntry && HASHED_CHUNK.test(output.fileName));
        if (lazyChunks.length === 0) return;
        const renamed = renamedLazyChunks(lazyChunks.map((chunk) => chunk.fileName));
        // Code names a chunk by its path relative to the importer, which ends in the chunk's file name.
        const renamedBaseNames = new Map([...renamed].map(([from, to]) => [baseName(from), baseName(to)]));
        const oldBaseName = new RegExp([...renamedBaseNames.keys()].map(escapeRegExp).join('|'), 'g');
        const rename = (text: string): string => text.replace(oldBaseName, (name) => renamedBaseNames.get(name)!);
        const renameFile = (fileName: string): string => renamed.get(fileName) ?? fileName;
        for (const output of Object.values(bundle)) {
          if (output.type === 'asset') {
            const source = typeof output.source === 'string' ? rename(output.source) : output.source;
            if (source !== output.source) output.source = source;
            continue;
          }
          output.code = rename(output.code);
          output.imports = output.imports.map(renameFile);
          output.dynamicImports = output.dynamicImports.map(renameFile);
          // Rolldown files the chunk under its new name (key and file) after this hook; it ignores a new key set here.
          output.fileName = renameFile(output.fileName);
        }
      },
    },
  };
}
