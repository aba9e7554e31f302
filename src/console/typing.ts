/**
 * Agent typing, as the customer sees it: `typing_on` when the agent starts typing, `typing_off` when the
 * draft is sent, emptied, or left alone for a few seconds. The caller owns it and calls `dispose()`.
 */

/** After this long without a keystroke the agent is not typing any more. */
export const TYPING_IDLE_MS = 3000;

export interface TypingReporter {
  /** The draft changed. */
  input(draft: string): void;
  /** The draft was sent or abandoned. */
  stop(): void;
  dispose(): void;
}

export function createTypingReporter(report: (on: boolean) => void, idleMs = TYPING_IDLE_MS): TypingReporter {
  let on = false;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    clearTimeout(idle);
    idle = undefined;
    if (!on) return;
    on = false;
    report(false);
  };

  return {
    input(draft) {
      if (draft.trim() === '') return stop();
      if (!on) {
        on = true;
        report(true);
      }
      clearTimeout(idle);
      idle = setTimeout(stop, idleMs);
    },
    stop,
    dispose() {
      clearTimeout(idle);
      idle = undefined;
    },
  };
}
