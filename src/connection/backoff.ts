/**
 * Reconnect delays: exponential with "equal jitter" (half fixed, half random), so a broker restart is not
 * met by every widget at the same instant, yet no retry comes sooner than half its nominal delay.
 * Pure: the caller owns the timer and the attempt counter.
 */

/** Nominal delay of the first retry; with jitter it lands in [250, 500) ms (DESIGN §4.3: within 1 s). */
export const BACKOFF_BASE_MS = 500;
/** DESIGN §4.3: never longer than 30 s between attempts. */
export const BACKOFF_CAP_MS = 30_000;
/** DESIGN §4.3: never longer than 5 s while anything waits in the outbox. */
export const BACKOFF_WAITING_CAP_MS = 5_000;

/**
 * The delay before retry number `attempt` (0 = the first retry after a loss), at most `cap`.
 * @param random a number in [0, 1), `Math.random` in production.
 */
export function nextDelay(attempt: number, random: () => number, cap = BACKOFF_CAP_MS): number {
  const nominal = Math.min(cap, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(nominal / 2 + (nominal / 2) * r);
}
