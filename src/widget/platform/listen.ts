/**
 * Listeners on the page, each returning the function that removes it, so owners keep a disposer list.
 * `PageWindow` is the part of `window` the chat and its transport listen to; the real `window` fits, and
 * so does a test double.
 */

type Target = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export interface PageWindow extends Target {
  readonly document: Target & { readonly visibilityState: string };
  readonly sessionStorage?: Storage;
}

/** Add a listener and get back the function that removes it. */
export function listen(target: Target, type: string, fn: (event: Event) => void): () => void {
  target.addEventListener(type, fn);
  return () => target.removeEventListener(type, fn);
}
