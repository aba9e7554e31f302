/** The host API's events (DESIGN §3) and what their handlers receive. */
export interface SermoEvents {
  open: [];
  close: [];
  /** The number of agent messages the customer has not seen yet. */
  unread: [count: number];
  ended: [];
}

export type SermoEventName = keyof SermoEvents;

/** Stored loosely: `on`'s signature already tied each handler to its event's arguments. */
type Handler = (...args: readonly unknown[]) => void;

export interface Emitter {
  on<K extends SermoEventName>(name: K, fn: (...args: SermoEvents[K]) => void): void;
  off<K extends SermoEventName>(name: K, fn: (...args: SermoEvents[K]) => void): void;
  emit<K extends SermoEventName>(name: K, ...args: SermoEvents[K]): void;
}

/**
 * A tiny emitter for the host page's handlers. One handler that throws must not starve the others: all
 * run, and the first error is reported afterwards (signals' `endBatch` does the same) through
 * `reportError`, so it shows as an uncaught error without unwinding the loader.
 */
export function createEmitter(report: (error: unknown) => void = reportError): Emitter {
  /** `[event, handler]` pairs in the order they were added: a list is the fewest bytes. */
  let handlers: [string, Handler][] = [];
  return {
    on: (name, fn) => void handlers.push([name, fn as Handler]),
    off: (name, fn) => void (handlers = handlers.filter(([n, f]) => n !== name || f !== fn)),
    emit(name, ...args) {
      let failed: [unknown] | undefined;
      // A copy: a handler may call on() or off().
      for (const [n, fn] of [...handlers]) {
        try {
          if (n === name) fn(...args);
        } catch (error) {
          failed ??= [error];
        }
      }
      if (failed) report(failed[0]);
    },
  };
}
