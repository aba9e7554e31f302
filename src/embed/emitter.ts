/** The host API's events (DESIGN §3) and what their handlers receive. */
export interface SermoEvents {
  open: [];
  close: [];
  /** The number of agent messages the customer has not seen yet. */
  unread: [count: number];
  ended: [];
}

export type SermoEventName = keyof SermoEvents;

/** A host page handler, stored loosely: `on`'s signature already tied it to its event's arguments. */
export type Handler = (...args: readonly unknown[]) => void;

/**
 * The host page's handlers: `[event, handler]` pairs in the order they were added. A plain list that the
 * loader's `on`/`off` edit in place is the fewest bytes (no emitter object, no method names to ship).
 */
export type Handlers = [name: SermoEventName, fn: Handler][];

/**
 * Call the handlers of `name`. One handler that throws must not starve the others: each error is reported
 * through `reportError`, as the browser does for event listeners, so it shows as an uncaught error without
 * unwinding the loader, and every handler runs.
 */
export function emit<K extends SermoEventName>(handlers: Handlers, name: K, ...args: SermoEvents[K]): void {
  // A copy: a handler may call on() or off().
  for (const [n, fn] of [...handlers]) {
    try {
      if (n === name) fn(...args);
    } catch (error) {
      reportError(error);
    }
  }
}
