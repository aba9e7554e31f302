/**
 * The replay backlog of one conversation (DESIGN §4.3): the last outbound events sent to a userId, kept as
 * encoded bodies with their ids, so a customer socket that comes back with `lastEventId` gets what it missed,
 * in order. Bounded twice: at most `maxEvents` and none older than `maxAgeMs`, whichever is less; `bytes`
 * lets the store bound all backlogs together. Typing indicators are numbered but never kept: replaying a
 * stale one would be wrong.
 */

import type { StoredOutbound } from './conversation-store.ts';

interface Entry extends StoredOutbound {
  at: number;
}

export class Backlog {
  /** Oldest first; ids strictly increase. */
  private entries: Entry[] = [];
  private totalBytes = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly maxAgeMs: number,
  ) {}

  append(id: number, body: string, now: number): void {
    this.entries.push({ id, body, at: now });
    this.totalBytes += body.length;
    this.prune(now);
  }

  /** The kept events with an id above `lastEventId`, oldest first. */
  after(lastEventId: number, now: number): StoredOutbound[] {
    this.prune(now);
    return this.entries.filter((entry) => entry.id > lastEventId).map(({ id, body }) => ({ id, body }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Characters held (one byte each for the ASCII JSON frames mostly are). */
  get bytes(): number {
    return this.totalBytes;
  }

  private prune(now: number): void {
    let drop = Math.max(0, this.entries.length - this.maxEvents);
    while (drop < this.entries.length && now - this.entries[drop]!.at > this.maxAgeMs) drop += 1;
    if (drop === 0) return;
    for (let i = 0; i < drop; i++) this.totalBytes -= this.entries[i]!.body.length;
    this.entries = this.entries.slice(drop);
  }
}
