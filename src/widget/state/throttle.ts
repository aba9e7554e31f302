/**
 * Leading + trailing throttle: the first value goes at once, then at most one per `ms`, and the last value
 * pushed during a window always goes when it ends. Used for typing_on (DESIGN §4: at most one per 300 ms,
 * the last draft always sent) and messages_read (at most one a second).
 */

export interface Throttle<T> {
  push(value: T): void;
  /** Drop a pending trailing value (the window stays). */
  cancel(): void;
  dispose(): void;
}

export function createThrottle<T>(ms: number, fire: (value: T) => void): Throttle<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { value: T } | null = null;

  const open = () => {
    timer = setTimeout(() => {
      timer = undefined;
      if (pending === null) return;
      const { value } = pending;
      pending = null;
      fire(value);
      open();
    }, ms);
  };

  return {
    push(value) {
      if (timer) {
        pending = { value };
        return;
      }
      fire(value);
      open();
    },
    cancel() {
      pending = null;
    },
    dispose() {
      pending = null;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
