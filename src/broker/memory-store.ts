/**
 * The conversation store in this process's memory: the embedded default (DESIGN §6, "nothing to install").
 * See `conversation-store.ts` for what it promises. Every operation completes at once; it is asynchronous
 * only to share the interface with stores that are not in memory.
 *
 * State per userId is created by `touch` (or by an application writing to it) and kept in a Map ordered by
 * last activity, so the least recently active conversation is always first: forgetting idle state and
 * dropping the longest-idle backlog when all backlogs together pass their byte cap both start there.
 */

import { Backlog } from './backlog.ts';
import { type ConversationStore, type SenderKey, seedOutboundId, type StoredOutbound } from './conversation-store.ts';
import { type BrokerLimits, RecentIds } from './limits.ts';

export type MemoryStoreLimits = Pick<
  BrokerLimits,
  'backlogMaxEvents' | 'backlogMaxAgeMs' | 'backlogTotalBytes' | 'dedupeWindow' | 'conversationIdleMs'
>;

interface ConversationState {
  lastActivity: number;
  /** The last outbound id given; null until the first, which is seeded from the clock. */
  lastId: number | null;
  /** Created with the first kept event; dropped first when all backlogs hold too much. */
  backlog: Backlog | null;
  /** Ids already routed, per sender. */
  seen: Map<SenderKey, RecentIds>;
  /** When the session opened (seed 003 webhooks), or null while none is open. */
  openTime: string | null;
}

/** Ids of application events that name no userId are kept per sender, this many times the per-conversation window. */
const UNNAMED_WINDOW_FACTOR = 8;

export function createMemoryStore(limits: MemoryStoreLimits, now: () => number = Date.now): ConversationStore {
  /** Least recently active first (`touch` moves a conversation to the end). */
  const states = new Map<string, ConversationState>();
  const unnamed = new Map<SenderKey, RecentIds>();
  let backlogBytes = 0;

  function touched(userId: string): ConversationState {
    let state = states.get(userId);
    if (state === undefined) state = { lastActivity: 0, lastId: null, backlog: null, seen: new Map(), openTime: null };
    else states.delete(userId);
    state.lastActivity = now();
    states.set(userId, state);
    return state;
  }

  /** Runs `change` on a backlog and keeps the total in step with whatever it appended or pruned. */
  function measured<T>(backlog: Backlog, change: () => T): T {
    const before = backlog.bytes;
    const result = change();
    backlogBytes += backlog.bytes - before;
    return result;
  }

  /** Drops the backlogs of the longest-idle conversations (never `keep`'s) until all fit the cap. */
  function enforceByteCap(keep: ConversationState): void {
    for (const state of states.values()) {
      if (backlogBytes <= limits.backlogTotalBytes) return;
      if (state === keep || state.backlog === null) continue;
      backlogBytes -= state.backlog.bytes;
      state.backlog = null;
    }
  }

  function forget(userId: string, state: ConversationState): void {
    if (state.backlog !== null) backlogBytes -= state.backlog.bytes;
    states.delete(userId);
  }

  function recentIds(map: Map<SenderKey, RecentIds>, sender: SenderKey, capacity: number): RecentIds {
    let ids = map.get(sender);
    if (ids === undefined) {
      ids = new RecentIds(capacity);
      map.set(sender, ids);
    }
    return ids;
  }

  return {
    async has(userId) {
      return states.has(userId);
    },
    async touch(userId) {
      touched(userId);
    },
    async admit(userId, sender, id) {
      if (userId === null) return recentIds(unnamed, sender, limits.dedupeWindow * UNNAMED_WINDOW_FACTOR).add(id);
      return recentIds(touched(userId).seen, sender, limits.dedupeWindow).add(id);
    },
    async appendOutbound(userId, body, keep) {
      const state = touched(userId);
      const id = (state.lastId ?? seedOutboundId(now())) + 1;
      state.lastId = id;
      if (keep) {
        const backlog = (state.backlog ??= new Backlog(limits.backlogMaxEvents, limits.backlogMaxAgeMs));
        measured(backlog, () => backlog.append(id, body, now()));
        enforceByteCap(state);
      }
      return id;
    },
    async replay(userId, lastEventId): Promise<StoredOutbound[]> {
      const backlog = states.get(userId)?.backlog;
      if (!backlog) return [];
      return measured(backlog, () => backlog.after(lastEventId, now()));
    },
    async lastOutboundId(userId) {
      return states.get(userId)?.lastId ?? null;
    },
    async openSession(userId, time) {
      const state = touched(userId);
      if (state.openTime !== null) return false;
      state.openTime = time;
      return true;
    },
    async closeSession(userId) {
      const state = states.get(userId);
      if (state === undefined || state.openTime === null) return null;
      const openTime = state.openTime;
      state.openTime = null;
      return openTime;
    },
    sweep() {
      const cutoff = now() - limits.conversationIdleMs;
      for (const [userId, state] of states) {
        // Ordered by activity: the first one still active ends the walk.
        if (state.lastActivity >= cutoff) break;
        forget(userId, state);
      }
    },
    stats: () => ({ conversations: states.size, backlogBytes }),
  };
}
