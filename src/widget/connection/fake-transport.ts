/**
 * A Transport stand-in for the chat state's tests: no socket. It keeps the outbox the real transport keeps
 * (`createOutbox` on the conversation's store, so a "reload" finds it), records what was sent at once, and
 * lets the test play the broker: `receive` a frame, `deliver` (ack) waiting entries.
 *
 *   const fakes = createFakeConnect();
 *   const chat = createChat({ ..., connect: fakes.connect });
 *   fakes.last().receive('{"type":"info",...}');
 *   fakes.last().queued  // [start, text, ...]
 */
import { signal, type Signal } from '@preact/signals-core';
import { parseWidgetFrame, type InboundEvent } from '../../protocol/index.ts';
import type { LinkStatus } from '../../connection/reconnecting-socket.ts';
import { createOutbox, type OutboxEntry } from './outbox.ts';
import type { Connect, Conversation, Transport } from './transport.ts';

export interface FakeTransport extends Transport {
  readonly conversation: Conversation;
  readonly status: Signal<LinkStatus>;
  /** Events written at once (typing, read receipts, unload), in order. */
  readonly sent: InboundEvent[];
  /** Every event ever queued in the outbox, in order. */
  readonly queued: OutboxEntry[];
  /** Whether `send` finds an open socket. */
  online: boolean;
  started: boolean;
  finished: boolean;
  forgotten: boolean;
  disposed: boolean;
  /** A frame from the broker, parsed by the protocol and passed on if it is an outbound event. */
  receive(frame: string): void;
  /** The broker acked the entry `id` (every waiting entry without one). */
  deliver(id?: string): void;
}

export function createFakeConnect() {
  const transports: FakeTransport[] = [];
  const connect: Connect = (conversation) => {
    const outbox = createOutbox({
      store: conversation.store,
      userId: conversation.userId,
      sendsStart: conversation.sendsStart,
      write: () => false,
      onDelivered: (id) => conversation.onDelivered(id),
    });
    const fake: FakeTransport = {
      conversation,
      status: signal<LinkStatus>('connecting'),
      sent: [],
      queued: [],
      online: true,
      started: false,
      finished: false,
      forgotten: false,
      disposed: false,
      start() {
        fake.started = true;
      },
      enqueue(event) {
        fake.queued.push(event);
        outbox.add(event);
      },
      send(event) {
        if (fake.online) fake.sent.push(event);
        return fake.online;
      },
      pending: outbox.entries,
      finish() {
        fake.finished = true;
      },
      forget(keep) {
        fake.forgotten = true;
        outbox.unstore(keep);
      },
      sync: outbox.sync,
      dispose() {
        fake.disposed = true;
        outbox.dispose();
      },
      receive(frame) {
        const parsed = parseWidgetFrame(frame);
        if (parsed.ok && 'userId' in parsed.event) conversation.onEvent(parsed.event);
        else conversation.onDropped();
      },
      deliver(id) {
        for (const entry of [...outbox.entries()]) if (id === undefined || entry.id === id) outbox.ack(entry.id);
      },
    };
    transports.push(fake);
    return fake;
  };
  return {
    connect,
    transports,
    /** The newest transport; throws when none was made. */
    last(): FakeTransport {
      const fake = transports.at(-1);
      if (!fake) throw new Error('no transport was made');
      return fake;
    },
  };
}
