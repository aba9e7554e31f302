/**
 * Log lines for refusals (DESIGN §6.2: each refusal "a log line that says which limit and which address"),
 * without letting a flood turn the log into the next thing to exhaust: the first refusal of a kind (a limit
 * and an address) is written at once, later ones of that kind at most once per `intervalMs`, saying how many
 * were not written in between.
 */

export interface RefusalLog {
  /** Writes `line` for a refusal of `kind` (limit and address), or counts it when one was written recently. */
  write(kind: string, line: string): void;
  /** Forgets kinds quiet for longer than the interval, writing what they still had to say. */
  sweep(): void;
}

export function createRefusalLog(log: (line: string) => void, now: () => number, intervalMs = 10_000): RefusalLog {
  const recent = new Map<string, { at: number; unwritten: number; line: string }>();
  const summary = (unwritten: number) => ` (and ${unwritten} more like it in the last ${Math.round(intervalMs / 1000)} s)`;
  return {
    write(kind, line) {
      const entry = recent.get(kind);
      const time = now();
      if (entry !== undefined && time - entry.at < intervalMs) {
        entry.unwritten += 1;
        entry.line = line;
        return;
      }
      log(entry !== undefined && entry.unwritten > 0 ? `${line}${summary(entry.unwritten)}` : line);
      recent.set(kind, { at: time, unwritten: 0, line });
    },
    sweep() {
      const time = now();
      for (const [kind, entry] of recent) {
        if (time - entry.at < intervalMs) continue;
        if (entry.unwritten > 0) log(`${entry.line}${summary(entry.unwritten)}`);
        recent.delete(kind);
      }
    },
  };
}
