/** Add a listener and get back the function that removes it, so owners can keep a disposer list. */
export function listen(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, type: string, fn: () => void): () => void {
  target.addEventListener(type, fn);
  return () => target.removeEventListener(type, fn);
}
