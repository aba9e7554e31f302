/**
 * The one seam between the hub and where conversations live (DESIGN §4.3, §6, §6.1): outbound ids, the replay
 * backlog, dedupe, the session, fan-out to sockets, presence and images. The hub hands each event over and
 * delivers only what the exchange gives back, so it never knows whether that is this process
 * (`local-exchange.ts`, the default) or Redis shared by many processes (`redis/redis-exchange.ts`, §6.1).
 *
 * Why one call per event rather than separate "get an id, append, publish" steps: across processes those
 * steps can only agree if they happen together. An exchange therefore dedupes, numbers, keeps and fans out
 * an event in one step, and the order in which any socket sees a userId's events is the order of their ids.
 *
 * Delivery runs through the `Receiver` the hub attaches: `toCustomers` for the customer sockets of a userId
 * (with the event's id, so each socket can drop what it already has), `toApplications` for application
 * sockets. The local exchange calls it before its promise resolves, so a frame is routed before the next is
 * read; a shared one calls it when the event comes back from the shared service, on every node alike.
 *
 * Guarantees of every implementation, beyond `ConversationStore`'s (ids only grow, stored before acked,
 * dedupe per sender, bounded):
 * - `toCustomers` gives a userId's events in id order; `toApplications` gives one sender's events in the
 *   order they were handed over.
 * - After `watch(userId)` resolves, every event of that userId handed over anywhere reaches `toCustomers`
 *   here, until `unwatch`; when that cannot be promised for a while, `resync` says so, and the hub catches
 *   its sockets up from the backlog.
 * - A session opened or closed is reported to exactly one caller (the one that sends its webhook).
 */

import type { StoredImage } from './images.ts';

/** How an event handed over went: a repeat of an id already routed, or routed (with what it changed). */
export type Handed =
  | { duplicate: true }
  | {
      duplicate: false;
      /** The outbound id it was given, when it was numbered. */
      id?: number;
      /** Set when this event opened the session: its open time (seed 003 `session_state_open`). */
      opened?: string;
      /** Set when this event closed an open session: that session's open time. */
      closedOpenTime?: string;
    };

/** A customer's event (already parsed, bound and allowed), encoded in format 2. */
export interface CustomerHandoff {
  userId: string;
  /** Its `id`, for dedupe and the ack; absent for events sent without one. */
  ackId: string | undefined;
  frame: string;
  /** `open` for `start`, `close` for `client_left`: the session changes it may make, at `time` (ISO 8601). */
  session: { change: 'open' | 'close'; time: string } | null;
}

/** An application's event. */
export interface ApplicationHandoff {
  /** The dedupe identity of its key (`app:<identity>`). */
  sender: string;
  /** The local connection it came from: it gets none of its own events back. */
  connection: number;
  userId: string | undefined;
  ackId: string | undefined;
  /**
   * Numbered events (outbound, with a userId): the frame without `id`, which the exchange adds. Others: the
   * frame as routed.
   */
  body: string;
  /** Outbound with a userId: numbered and sent to that userId's customer sockets. */
  numbered: boolean;
  /** Kept for replay (every numbered event but typing indicators). */
  keep: boolean;
  /** `end_session`: closes the open session, if any. */
  endsSession: boolean;
}

/** What the hub does with frames the exchange delivers. */
export interface Receiver {
  /** An event for the customer sockets of `userId` on this node, with its outbound id. */
  toCustomers(userId: string, id: number, frame: string): void;
  /** An event for the application sockets on this node, except the local connection `skip` (0: none). */
  toApplications(frame: string, skip: number): void;
  /** Live delivery to customers may have missed events: catch every customer socket up from the backlog. */
  resync(): void;
  /** Live delivery to customers may miss events from now until the next `resync` (a shared feed was lost). */
  gap(): void;
}

/** What a socket coming back is owed: the kept events after its `lastEventId`, and the last id given. */
export interface Replay {
  events: { id: number; frame: string }[];
  /** The last outbound id given for the userId (kept or not), or 0 when none is known. */
  lastId: number;
}

export interface Exchange {
  /** Attaches the hub; called once, before any event is handed over. */
  attach(receiver: Receiver): void;
  /** Whether any state is kept for `userId`: a customer coming back rather than a new conversation. */
  has(userId: string): Promise<boolean>;
  /** Marks `userId` active now (creating its state), so it is kept until `conversationIdleMs` after. */
  touch(userId: string): Promise<void>;
  /** This node now has customer sockets of `userId`: resolves once their events will reach `toCustomers`. */
  watch(userId: string): Promise<void>;
  /** This node has no customer socket of `userId` left. */
  unwatch(userId: string): Promise<void>;
  fromCustomer(event: CustomerHandoff): Promise<Handed>;
  fromApplication(event: ApplicationHandoff): Promise<Handed>;
  replay(userId: string, lastEventId: number): Promise<Replay>;
  /**
   * Whether a customer socket of `userId` is open on another node (authorises its image uploads, §6.2; the
   * hub knows its own sockets). The local exchange has no other node.
   */
  hasCustomer(userId: string): Promise<boolean>;
  images: ImageShelf;
  /** Forgets state idle past the limit. */
  sweep(): void;
  /** Cluster mode only (§6.1); null for the local exchange. */
  cluster: ClusterPort | null;
  /** For `/healthz` in local mode. */
  stats(): { conversations: number; backlogBytes: number };
  /** Stops its timers and connections. */
  close(): Promise<void>;
}

/** Why an image was not stored. */
export type ShelfRefusal = 'images' | 'bytes' | 'full';

/**
 * Where images live (DESIGN §6, §6.2): stored under an owner (a conversation, or an application), counted
 * against the conversation's quota when a customer uploads, served by id from every node.
 */
export interface ImageShelf {
  /** Uploads of `userId` inside the quota window: a cheap look before reading a body. */
  uploadsOf(userId: string): Promise<number>;
  /** Stores the image (within `userId`'s quota when given) and gives its new id, or why not. */
  put(owner: string, userId: string | null, image: StoredImage): Promise<{ ok: true; id: string } | { ok: false; why: ShelfRefusal }>;
  get(id: string): Promise<StoredImage | undefined>;
  /** Forgets quota windows that have passed and images past their age. */
  sweep(): void;
}

/** An application as `/healthz` lists it (the shape of `health.ts`), with the node it is connected to. */
export interface ListedApplication {
  node: string;
  connection: number;
  name: string | null;
  available: boolean;
  lastBeatAt: string | null;
  connectedAt: string;
}

/** Cluster mode's part of the node (DESIGN §6.1): its name, Redis's state, and the other nodes. */
export interface ClusterPort {
  readonly node: string;
  /** `down` while Redis is unreachable: sockets are closed with 1013 and upgrades refused with 503. */
  redis(): 'ok' | 'down';
  /** Called on every change of `redis()`. */
  onRedisChange(listener: (state: 'ok' | 'down') => void): void;
  /** This node's applications changed (for `/healthz` on every node). */
  applicationsChanged(listed: Omit<ListedApplication, 'node'>[]): void;
  /** The applications of every live node, and Redis's conversation figures; rejects when Redis does not answer. */
  overview(): Promise<{ applications: ListedApplication[]; conversations: number; backlogBytes: number }>;
}
