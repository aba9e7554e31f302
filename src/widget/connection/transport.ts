/**
 * The transport of one conversation (DESIGN §1, §4.3): everything between the chat state and the broker.
 * It owns the reconnecting socket (`connection.ts`), the heartbeat, the outbox and its acks, the resume id
 * and the page listeners that wake or drop the socket, and exposes the conversation's received events, a
 * status signal and `dispose()`. The chat state never sees a socket or a wire frame it has to parse.
 *
 * On every socket: a `start` still waiting (a new conversation's first socket), then a heartbeat (with
 * `lastEventId` when resuming), then the outbox in order, paced (outbox.ts). Received frames are parsed by
 * the protocol's one parser; acks go to the outbox; events for another userId, errors and garbage are
 * counted; outbound ids already received are dropped (DESIGN §4.3). A frame in wire format 1 with format 1
 * not loaded (DESIGN §8: a chunk of its own) loads it, and it and every frame after it wait, in order, until
 * it is in; a load that failed is tried again when the next frame comes.
 *
 * Reconnecting (DESIGN §4.3): within 1 s of a loss, the backoff starting over once a socket worked; never
 * more than 5 s between attempts while the outbox holds anything (30 s otherwise); queueing an event, the
 * browser going `online` and the tab becoming visible try at once, `offline` gives the socket up at once.
 */
import { signal, type ReadonlySignal } from '@preact/signals-core';
import { encodeFormat2, parseReceivedFrame } from '../../protocol/index.ts';
import type { Format1, InboundEvent, OutboundEvent } from '../../protocol/index.ts';
import { listen, type PageWindow } from '../platform/listen.ts';
import type { KeyValueStore } from '../platform/storage.ts';
import { randomUUID as createUUID } from '../platform/uuid.ts';
import { BACKOFF_CAP_MS, BACKOFF_WAITING_CAP_MS } from '../../connection/backoff.ts';
import { createReconnectingSocket, type LinkStatus, type SocketConstructor } from '../../connection/reconnecting-socket.ts';
import type { syncOutbox } from '../state/tab-sync.ts';
import { createOutbox, type OutboxEntry } from './outbox.ts';

export type { LinkStatus, OutboxEntry };

/** What the chat state tells the transport about the conversation it carries. */
export interface Conversation {
  userId: string;
  /** Where the outbox is kept, with the conversation. */
  store: KeyValueStore;
  /** The highest outbound id the conversation already holds (0 for none). */
  lastEventId: number;
  /** Continued from storage: the first heartbeat resumes from `lastEventId` (a new conversation's does not). */
  resuming: boolean;
  /** A stored `start` is this page's to send (outbox.ts). */
  sendsStart: boolean;
  /** An outbound event for this conversation, not received before. */
  onEvent(event: OutboundEvent): void;
  /** An outbox entry was delivered. */
  onDelivered(id: string): void;
  /** A frame was dropped: not parseable, an error, or for another userId (DESIGN §4: counted, not thrown). */
  onDropped(): void;
}

/** What the transport is built with besides the conversation; the optional ones default to the browser's. */
export interface TransportOptions {
  url: string;
  /**
   * DESIGN §3 `protocol=1`: wire format 1, which every frame is written in (main.tsx loads it before the chat
   * starts). Absent: frames are written in format 2, and format 1 comes from `loadFormat1` when a frame in it
   * arrives (DESIGN §4: both formats are understood, always).
   */
  format1?: Format1 | undefined;
  /** Loads wire format 1 (main.tsx: its chunk). */
  loadFormat1(): Promise<Format1>;
  heartbeatMs: number;
  WebSocketImpl?: SocketConstructor;
  random?: () => number;
  randomUUID?: () => string;
  /** The page whose `online`, `offline` and `visibilitychange` wake or drop the socket. */
  window: PageWindow;
}

export interface Transport {
  readonly status: ReadonlySignal<LinkStatus>;
  /** Begin connecting (a transport is made idle, so that an ended conversation never opens a socket). */
  start(): void;
  /** Keep `event` until it is delivered (start, text, client_left, rating), and try to connect at once. */
  enqueue(event: OutboxEntry): void;
  /** Write `event` now if a socket is open (typing, read receipts, unload); false when none is. */
  send(event: InboundEvent): boolean;
  /** Outbox entries not yet delivered, oldest first. */
  pending(): readonly OutboxEntry[];
  /** The conversation ended on this side: deliver what waits (connecting if need be), then close; nothing more is received. */
  finish(): void;
  /**
   * Stop storing the outbox, and remove it from storage unless `keep` (another tab ended the conversation);
   * what waits is still delivered while the page lives.
   */
  forget(keep?: boolean): void;
  /** Another tab changed the stored outbox (DESIGN §4.5): take in what it added and what it delivered (`merge`: tab-sync.ts). */
  sync(merge: typeof syncOutbox): void;
  /** Close the socket; clear every timer and listener. */
  dispose(): void;
}

/** Makes the transport of a conversation (main.tsx binds the options, tests bind fakes). */
export type Connect = (conversation: Conversation) => Transport;

export function createTransport(conversation: Conversation, options: TransportOptions): Transport {
  const { userId, store } = conversation;
  const { format1: writesFormat1, randomUUID = createUUID } = options;
  const win = options.window;
  const status = signal<LinkStatus>('connecting');
  /** Highest outbound id received: what is replayed at or below it was seen. */
  let received = conversation.lastEventId;
  let resuming = conversation.resuming;
  let ending = false;
  let disposed = false;

  const write = (event: InboundEvent) => socket.send(writesFormat1 ? writesFormat1.encodeInbound(event) : encodeFormat2(event));
  const drained = () => {
    if (ending && outbox.entries().length === 0) dispose();
  };

  const outbox = createOutbox({
    store,
    userId,
    sendsStart: conversation.sendsStart,
    write,
    onDelivered(id) {
      conversation.onDelivered(id);
      drained();
    },
  });

  /** DESIGN §4: the heartbeat is app-level (browsers expose no WebSocket ping); the first goes on open. */
  let beats: ReturnType<typeof setInterval> | undefined;
  const beat = () => {
    const event: InboundEvent = { type: 'heartbeat', direction: 'inbound', userId, id: randomUUID() };
    // DESIGN §4.3: the first heartbeat of each socket after a reconnect or a reload says where to resume.
    if (!beats && resuming) event.lastEventId = received;
    resuming = true;
    write(event);
  };
  const stopBeats = () => {
    clearInterval(beats);
    beats = undefined;
  };

  let format1 = writesFormat1;
  /** Frames waiting, in order, for format 1 to load: the first of them is in format 1. */
  const held: string[] = [];

  const receive = (text: string) => {
    // Unread (undefined): in format 1, which is not in yet. Behind a held frame every frame waits, but an ack:
    // it shows nothing, and held it would keep a delivered text "Sending…" (and an ended conversation's socket
    // open) for as long as format 1 takes.
    const parsed = parseReceivedFrame(text, format1);
    if (!parsed || (held.length > 0 && !(parsed.ok && parsed.event.type === 'ack'))) {
      held.push(text);
      // Each frame held asks for format 1: the browser loads a module once, and after a failed load the next
      // frame's ask is the retry.
      options.loadFormat1().then(
        (loaded) => {
          format1 = loaded;
          if (!disposed) for (const frame of held.splice(0)) receive(frame);
        },
        () => {},
      );
      return;
    }
    const frame = parsed.ok ? parsed.event : null;
    if (frame?.type === 'ack') outbox.ack(frame.id);
    else if (!frame || frame.userId !== userId) {
      conversation.onDropped();
    } else if (!ending && (frame.id === undefined || frame.id > received)) {
      if (frame.id !== undefined) received = frame.id;
      conversation.onEvent(frame);
    }
  };

  const socket = createReconnectingSocket({
    url: options.url,
    WebSocketImpl: options.WebSocketImpl ?? WebSocket,
    random: options.random ?? Math.random,
    maxDelay: () => (outbox.entries().length > 0 ? BACKOFF_WAITING_CAP_MS : BACKOFF_CAP_MS),
    onOpen: () =>
      outbox.resume(() => {
        beat();
        beats = setInterval(beat, options.heartbeatMs);
      }),
    onMessage: receive,
    onClose() {
      stopBeats();
      outbox.pause();
    },
    onStatus(next) {
      status.value = next;
    },
  });

  const listeners = [
    listen(win, 'online', socket.wake),
    listen(win, 'offline', socket.drop),
    listen(win.document, 'visibilitychange', () => {
      if (win.document.visibilityState === 'visible') socket.wake();
    }),
  ];

  function dispose() {
    if (disposed) return;
    disposed = true;
    for (const off of listeners) off();
    stopBeats();
    outbox.dispose();
    socket.stop();
  }

  return {
    status,
    start: socket.start,
    enqueue(event) {
      outbox.add(event);
      socket.wake();
    },
    send: write,
    pending: outbox.entries,
    finish() {
      ending = true;
      drained();
      if (!disposed) socket.start();
    },
    forget: outbox.unstore,
    sync(merge) {
      outbox.sync(merge);
      if (outbox.entries().length > 0) socket.wake();
    },
    dispose,
  };
}
