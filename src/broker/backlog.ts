/**
 * The replay backlog of one conversation (DESIGN §4.3): the last outbound frames sent to a userId,
 * already encoded, so a customer socket that comes back with `lastEventId` gets what it missed, in order.
 * Bounded twice: at most `maxEvents` frames and none older than `maxAgeMs`, whichever is less.
 * Typing indicators are numbered but never kept: replaying a stale one would be wrong.
 */

interface Entry {
  id: number;
  at: number;
  frame: string;
}

export class Backlog {
  /** Oldest first; ids strictly increase. */
  private entries: Entry[] = [];

  constructor(
    private readonly maxEvents: number,
    private readonly maxAgeMs: number,
  ) {}

  append(id: number, frame: string, now: number): void {
    this.entries.push({ id, at: now, frame });
    this.prune(now);
  }

  /** The kept frames with an id above `lastEventId`, oldest first. */
  after(lastEventId: number, now: number): string[] {
    this.prune(now);
    const frames: string[] = [];
    for (const entry of this.entries) if (entry.id > lastEventId) frames.push(entry.frame);
    return frames;
  }

  get size(): number {
    return this.entries.length;
  }

  private prune(now: number): void {
    let drop = Math.max(0, this.entries.length - this.maxEvents);
    while (drop < this.entries.length && now - this.entries[drop]!.at > this.maxAgeMs) drop += 1;
    if (drop > 0) this.entries = this.entries.slice(drop);
  }
}
