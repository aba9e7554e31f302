/**
 * The seam between the hub and where per-conversation state lives (DESIGN §4.3, §6.1, §6.2): outbound ids,
 * the replay backlog, the ids already routed per sender, and the open session. The hub never touches that
 * state itself; it awaits these operations, so the state may live in this process (`memory-store.ts`, the
 * default) or in a shared service such as Redis (cluster mode, §6.1) without the hub changing.
 *
 * What every implementation guarantees:
 * - **Ids only grow.** Every id `appendOutbound` gives for a userId is greater than every id given before
 *   for it, by this process or any earlier one, also after the state was forgotten or lost: a counter
 *   with no state is seeded from the clock (`seedOutboundId`), then counts up by one per event.
 * - **Id and backlog are one step.** `appendOutbound` takes an id and appends the event under it
 *   atomically, so the backlog never has a gap or a duplicate that another process could observe.
 * - **Stored before acked.** `admit` resolves once the id is recorded; the hub acks only then.
 * - **Dedupe per sender.** An id is a repeat only for the sender that used it (a customer's ids per its
 *   userId; an application's per application identity), so no sender can pre-empt another's id.
 * - **Bounded.** State is forgotten `conversationIdleMs` after its last activity (`touch`), and backlogs
 *   are bounded in events, age and, all together, bytes.
 *
 * Order: the hub runs the operations of one userId one after another (it awaits each before starting the
 * next), so an implementation need not order concurrent calls for the same userId itself.
 */

/** An outbound event kept for replay: the frame without its `id`, and the id it was given. */
export interface StoredOutbound {
  id: number;
  /** The encoded frame without `id` (`frameWithId` puts it back). */
  body: string;
}

/** Who sent an event, for dedupe: `customer`, or `app:<identity>` for an application. */
export type SenderKey = string;

export interface ConversationStore {
  /** Whether any state is kept for `userId`: a customer coming back rather than a new conversation. */
  has(userId: string): Promise<boolean>;
  /**
   * Marks `userId` active now, creating its state when there is none; its state is kept until
   * `conversationIdleMs` after the last touch.
   */
  touch(userId: string): Promise<void>;
  /**
   * Records event `id` from `sender` in the conversation `userId` (null: an application event that names
   * none). Resolves true the first time, false for a repeat from the same sender.
   */
  admit(userId: string | null, sender: SenderKey, id: string): Promise<boolean>;
  /** Gives the next outbound id of `userId` and, with `keep`, appends `body` under it to the backlog, in one step. */
  appendOutbound(userId: string, body: string, keep: boolean): Promise<number>;
  /** The kept events with an id above `lastEventId`, oldest first. Changes no counter. */
  replay(userId: string, lastEventId: number): Promise<StoredOutbound[]>;
  /** The last outbound id given for `userId` (kept or not), or null when there is none in its state. */
  lastOutboundId(userId: string): Promise<number | null>;
  /** Opens the session (seed 003) at `time` unless one is open; true when this call opened it. */
  openSession(userId: string, time: string): Promise<boolean>;
  /** Closes the open session; resolves with its open time, or null when none was open. */
  closeSession(userId: string): Promise<string | null>;
  /** Forgets state idle past the limit. */
  sweep(): void;
  /** For `/healthz` and the benchmarks. */
  stats(): { conversations: number; backlogBytes: number };
}

/**
 * The first id for a userId that has no state: the clock in microseconds, `Date.now() * 1000`.
 *
 * Why this keeps DESIGN §4.3's promise (every new id above every earlier one, across restarts):
 * - Growing: a counter seeded at time T has given T*1000 + n after n events. A later seed, at T' > T, is
 *   T'*1000, greater as long as fewer than 1,000 events a millisecond were given on average since T, which
 *   no conversation comes near (customers are rate limited; an agent sends a few a second). A restart
 *   takes far longer than a millisecond, and so does forgetting idle state (15 minutes). It relies on the
 *   host clock not stepping back across a restart by more than that margin (NTP slews, it does not step).
 * - Safe: 16 digits today (about 1.8e15); it passes Number.MAX_SAFE_INTEGER (about 9.007e15) only when
 *   Date.now() passes 9.007e12 ms, in the year 2255. Counting up by one from there stays far below it.
 */
export function seedOutboundId(nowMs: number): number {
  return Math.floor(nowMs) * 1000;
}

/** The frame with its outbound id, from a body encoded without one: `{...}` becomes `{...,"id":N}`. */
export function frameWithId(body: string, id: number): string {
  return `${body.slice(0, -1)},"id":${id}}`;
}
