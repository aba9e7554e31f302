/**
 * Components that come in a chunk of their own, loaded the first time one renders (DESIGN §8: the iframe's
 * first load stays within 20 KB; rich cards, markdown, the pre-chat form and the rating come this way).
 *
 *     const Card = lazy(() => import('./Card.tsx').then((m) => m.Card), ({ text }) => text);
 *
 * Until the chunk is in, `placeholder` renders where the component will, with the same props: a message
 * keeps its place in the order and shows its fallback text meanwhile. Every instance then re-renders with
 * the component (it reads a signal: reactive.ts). A chunk that fails to load (offline) is tried again at the
 * next render. Vite builds the `import()` without its preload helper (scripts/vite-lazy-chunks.ts), so a
 * lazy component brings its CSS as text: `import css from './Card.css?inline'` and `adoptStyles(css)`.
 */
import { signal } from '@preact/signals-core';
import { h, type ComponentChildren, type ComponentType } from './reactive.ts';

export interface Lazy<P> {
  (props: P): ComponentChildren;
  /** Starts loading now (or returns the load under way), e.g. when the customer is about to need it. */
  load(): Promise<ComponentType<P>>;
}

export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  placeholder: (props: P) => ComponentChildren = () => null,
): Lazy<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  let loading: Promise<ComponentType<P>> | null = null;
  const start = () =>
    (loading ??= load().then(
      (component) => (loaded.value = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  const LazyComponent = (props: P) => {
    const Loaded = loaded.value;
    if (Loaded) return h(Loaded, props);
    // A failure leaves the placeholder; the next render tries again.
    start().catch(() => {});
    return placeholder(props);
  };
  return Object.assign(LazyComponent, { load: start });
}

/** Adds a lazy component's stylesheet to the iframe's document, after the first load's (so it wins ties). */
export function adoptStyles(css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
