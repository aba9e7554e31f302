/**
 * What a customer socket is sent, and when (DESIGN §4.3): each outbound event exactly once, in id order,
 * whether it comes live from the exchange or from a replay of the backlog. The two overlap when a socket
 * comes back (the replay and the live feed run at the same time) and after live delivery had a gap (the
 * hub catches up from the backlog): one rule joins them, "send only ids above the last one sent".
 *
 * While a replay is under way, live events wait (`held`); otherwise a live event written first would make
 * the rule skip the older, replayed ones. A socket starts holding when it is bound, until its first event
 * says where it resumes (a heartbeat's `lastEventId`) or that it starts fresh. A count, not a flag: two
 * catch-ups may overlap.
 */

export class CustomerTap {
  /** The id of the last event sent to the socket (or that it said it has). */
  private lastSent = 0;
  /** Replays under way; live events are held while it is above 0. Bound sockets start holding. */
  private replays = 1;
  private held: [number, string][] = [];
  /** Live delivery had a gap (the exchange lost its feed): live events wait until the catch-up that ends it. */
  private gap = false;

  constructor(private readonly send: (frame: string) => void) {}

  /** A live event: sent now, or after the replay under way. */
  offer(id: number, frame: string): void {
    if (this.replays > 0) this.held.push([id, frame]);
    else this.write(id, frame);
  }

  /**
   * Runs `replay` (events after the given id, oldest first, and the last id given for the conversation) and
   * sends what the socket lacks. `resumeFrom` is the socket's own `lastEventId` when it says where it
   * resumes; without one, the catch-up starts from what was sent. A `lastEventId` above every id given moves
   * nothing: the socket is then taken to have seen only up to the last id really given (DESIGN §4.3).
   */
  async catchUp(
    replay: (after: number) => Promise<{ events: { id: number; frame: string }[]; lastId: number }>,
    resumeFrom?: number,
  ): Promise<void> {
    this.replays += 1;
    try {
      const after = resumeFrom ?? this.lastSent;
      const { events, lastId } = await replay(after);
      if (resumeFrom !== undefined) this.lastSent = Math.max(this.lastSent, Math.min(resumeFrom, lastId));
      for (const { id, frame } of events) this.write(id, frame);
    } finally {
      this.release();
    }
  }

  /**
   * The exchange may have missed live events from now on: hold what comes live until `endGap` has caught the
   * socket up from the backlog. Otherwise an event that arrives live before the catch-up would move "the last
   * one sent" past the missed ones, and the catch-up would skip them.
   */
  holdForGap(): void {
    if (this.gap) return;
    this.gap = true;
    this.replays += 1;
  }

  /** The exchange's feed is whole again: catch up from the backlog, then let held and live events flow. */
  async endGap(replay: (after: number) => Promise<{ events: { id: number; frame: string }[]; lastId: number }>): Promise<void> {
    try {
      await this.catchUp(replay);
    } finally {
      if (this.gap) {
        this.gap = false;
        this.release();
      }
    }
  }

  /** The socket's first event did not resume anything: live events flow from here. */
  release(): void {
    this.replays -= 1;
    if (this.replays > 0) return;
    for (const [id, frame] of this.held.splice(0)) this.write(id, frame);
  }

  private write(id: number, frame: string): void {
    if (id <= this.lastSent) return;
    this.lastSent = id;
    this.send(frame);
  }
}
