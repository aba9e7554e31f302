/**
 * How client-chosen values appear in the broker's log lines: on one bounded line, and a userId, which is a
 * conversation's only secret (DESIGN §6.2), never whole.
 */

/** Control characters replaced, at most 200 characters: a parser reason quoting a client's type, say. */
export function forLog(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200);
}

/** Enough of a userId to correlate log lines, never all of it ("the broker never logs a full userId"). */
export function userIdForLog(userId: string | null): string {
  return userId === null ? '-' : `${forLog(userId).slice(0, 8)}…`;
}
