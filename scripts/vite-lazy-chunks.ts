/**
 * The widget's lazy chunks (DESIGN §8: what a plain conversation does not need comes later, in chunks of its
 * own; src/widget/ui/lazy.ts). Two things about how Vite builds them:
 *
 * - Vite wraps every dynamic `import()` of a browser build as `__vitePreload(() => import(chunk), deps, url)`.
 *   Its helper (about 450 B brotli of the iframe's 20 KB) preloads modules, which `modulePreload: false` turns
 *   off, and adds the chunk's stylesheets; Vite keeps it even so (vitejs/vite#18551). This plugin puts a
 *   helper in its place that only imports the chunk, and drops the two arguments Vite still passes it at every
 *   call (`, [], import.meta.url`: no modules to preload, and the base they would be resolved against), which
 *   that helper never reads.
 * - So a lazy chunk must not import a stylesheet file: it would never be added. A lazy component imports its
 *   CSS with `?inline` and adds it with `adoptStyles` (lazy.ts); the build fails if a lazy chunk imports CSS
 *   the other way, instead of shipping an unstyled component.
 */
import type { Plugin } from 'vite';

/** The id under which Vite's build imports its preload helper. */
export const PRELOAD_HELPER_ID = '\0vite/preload-helper.js';

/** The end of every call of the preload helper in a minified chunk: its unread deps and base URL, then `)`. */
const PRELOAD_ARGUMENTS = ',[],import.meta.url)';

/** The stylesheets each lazy chunk of `bundle` imports, for the chunks that import any. */
function lazyChunkStylesheets(bundle: Record<string, unknown>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const output of Object.values(bundle)) {
    const chunk = output as { type?: string; fileName?: string; isEntry?: boolean; isDynamicEntry?: boolean; viteMetadata?: { importedCss?: Set<string> } };
    if (chunk.type !== 'chunk' || chunk.isEntry || !chunk.isDynamicEntry) continue;
    const css = [...(chunk.viteMetadata?.importedCss ?? [])];
    if (css.length > 0) found[chunk.fileName!] = css;
  }
  return found;
}

export function lazyChunks(): Plugin {
  return {
    name: 'sermo:lazy-chunks',
    enforce: 'pre',
    load: (id) => (id === PRELOAD_HELPER_ID ? 'export const __vitePreload = (load) => load();' : undefined),
    generateBundle: {
      // After Vite's own, which writes the helper's arguments into each call.
      order: 'post',
      handler(_, bundle) {
        for (const [chunk, css] of Object.entries(lazyChunkStylesheets(bundle))) {
          this.error(
            `lazy chunk ${chunk} imports the stylesheet ${css.join(', ')}, which would never be added: import it with '?inline' and pass it to adoptStyles() (src/widget/ui/lazy.ts)`,
          );
        }
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk') output.code = output.code.replaceAll(PRELOAD_ARGUMENTS, ')');
        }
      },
    },
  };
}

