/**
 * The exchange in this process (DESIGN §6: "without `SERMO_REDIS_URL` everything lives in the process's
 * memory"): per-conversation state in a `ConversationStore` (`memory-store.ts` unless given), images in a
 * local shelf, and fan-out straight to the hub's `Receiver`, before each call resolves. So a frame is routed
 * before the next one is read, as the hub's tests rely on; there is no other node to watch, to ask or to
 * resync with.
 */

import { frameWithId, type ConversationStore } from './conversation-store.ts';
import type { Exchange, Handed, ImageShelf, Receiver } from './exchange.ts';

export function createLocalExchange(store: ConversationStore, images: ImageShelf): Exchange {
  let receiver: Receiver | null = null;
  const deliver = (): Receiver => {
    if (receiver === null) throw new Error('the exchange has no receiver: attach() the hub first');
    return receiver;
  };

  return {
    attach(hub) {
      receiver = hub;
    },
    has: (userId) => store.has(userId),
    touch: (userId) => store.touch(userId),
    async watch() {},
    async unwatch() {},
    async fromCustomer({ userId, ackId, frame, session }) {
      if (ackId !== undefined) {
        // Already routed: the ack was lost, not the event.
        if (!(await store.admit(userId, 'customer', ackId))) return { duplicate: true };
      } else {
        await store.touch(userId);
      }
      const handed: Handed = { duplicate: false };
      if (session?.change === 'open' && (await store.openSession(userId, session.time))) handed.opened = session.time;
      if (session?.change === 'close') {
        const openTime = await store.closeSession(userId);
        if (openTime !== null) handed.closedOpenTime = openTime;
      }
      deliver().toApplications(frame, 0);
      return handed;
    },
    async fromApplication({ sender, connection, userId, ackId, body, numbered, keep, endsSession }) {
      if (ackId !== undefined && !(await store.admit(userId ?? null, sender, ackId))) return { duplicate: true };
      const handed: Handed = { duplicate: false };
      let frame = body;
      if (numbered && userId !== undefined) {
        handed.id = await store.appendOutbound(userId, body, keep);
        frame = frameWithId(body, handed.id);
      }
      if (endsSession && userId !== undefined) {
        const openTime = await store.closeSession(userId);
        if (openTime !== null) handed.closedOpenTime = openTime;
      }
      deliver().toApplications(frame, connection);
      if (handed.id !== undefined && userId !== undefined) deliver().toCustomers(userId, handed.id, frame);
      return handed;
    },
    async replay(userId, lastEventId) {
      const kept = await store.replay(userId, lastEventId);
      return {
        events: kept.map((stored) => ({ id: stored.id, frame: frameWithId(stored.body, stored.id) })),
        lastId: (await store.lastOutboundId(userId)) ?? 0,
      };
    },
    // One process: the hub knows its own sockets, and there is no other node.
    hasCustomer: async () => false,
    images,
    sweep: () => store.sweep(),
    cluster: null,
    stats: () => store.stats(),
    async close() {},
  };
}
