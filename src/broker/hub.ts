/**
 * What the broker does with each frame: customer sockets indexed by userId, application sockets, and, through
 * the `Exchange`, each conversation's ids, backlog, dedupe ids, session and fan-out.
 *
 * The hub keeps only what belongs to this process's sockets. Everything per conversation goes through the
 * exchange and is awaited, one task at a time per userId (`KeyedQueue`), so events keep their order whether
 * the exchange answers at once (this process) or over the network (§6.1). An event is acked only once the
 * exchange has it. Frames reach sockets only through the exchange's `Receiver`: customer sockets through a
 * `CustomerTap` each, which sends every outbound id once and in order, live or replayed.
 *
 * A task that fails (the exchange could not answer: Redis is unreachable) is not acked, and its socket is
 * closed with 1013 "try again later": the widget reconnects and resends what was not acked, in order, so
 * nothing is lost and nothing is routed out of order.
 *
 * Cost per event is independent of how many sockets are open: a customer's event goes to the applications
 * (few), an outbound event to the sockets of one userId (a map lookup). Only the ping and the idle sweep walk
 * everything, on their own slow timers.
 *
 * Sockets are `Peer`s, the part of a `ws` WebSocket used here, so the hub does not depend on `ws`.
 */

import { encodeFrame, parseApplicationFrame, parseCustomerFrame, refusalText } from '../protocol/index.ts';
import type { ApplicationSentFrame, InboundEvent, OutboundEvent, UnknownEvent } from '../protocol/events.ts';
import type { ConversationStore } from './conversation-store.ts';
import { type ClientInfo, proxyHint } from './client-address.ts';
import { CustomerTap } from './customer-tap.ts';
import type { Exchange } from './exchange.ts';
import type { ApplicationStatus } from './health.ts';
import { createLocalImageShelf } from './local-images.ts';
import { createLocalExchange } from './local-exchange.ts';
import { createMemoryStore } from './memory-store.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { type BrokerLimits, SlidingWindow, TokenBucket } from './limits.ts';
import { forLog, userIdForLog } from './log-format.ts';
import type { RefusalLog } from './refusals.ts';
import { planRoute } from './routing.ts';
import type { SessionWebhookPayload } from './webhooks.ts';

/** The part of a `ws` WebSocket the hub uses. */
export interface Peer {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

const OPEN = 1;

/** DESIGN §6.2: a userId is a UUID in canonical 8-4-4-4-12 hex form. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CustomerConn {
  peer: Peer;
  client: ClientInfo;
  /** Bound by the first event (DESIGN §6); null until then. */
  userId: string | null;
  bucket: TokenBucket;
  /** Set once the broker refused the socket: frames arriving after that are ignored. */
  refused: boolean;
  /** Set once its conversation was admitted (not refused as one too many new conversations). */
  admitted: boolean;
  /** Set once its first event was handled: it said where it resumes, or that it starts fresh. */
  started: boolean;
  /** Set once the exchange failed one of its events: the rest are not handled (the socket is closing). */
  failed: boolean;
  closed: boolean;
  /** What it is sent of its conversation's outbound events. */
  tap: CustomerTap;
}

interface ApplicationConn extends ApplicationStatus {
  peer: Peer;
  ip: string;
  /** Dedupe identity (DESIGN §6.2): the same for every socket of one application key, across reconnects. */
  sender: string;
  /** Set once the exchange failed one of its events: the rest are not handled (the socket is closing). */
  failed: boolean;
}

export interface HubOptions {
  limits: BrokerLimits;
  /**
   * Where conversations live and how events fan out. Without one, the hub makes this process's exchange over
   * `store` (tests give a store that answers late) and local images.
   */
  exchange?: Exchange;
  store?: ConversationStore;
  log: (line: string) => void;
  /** Refusals by limit and address, rate limited. */
  refusals: RefusalLog;
  /** Called for session state changes; the hub does not wait for delivery. */
  onSession: (payload: SessionWebhookPayload) => void;
  /** Called when an application connects, beats or goes (cluster mode lists them for every node). */
  onApplicationsChanged?: () => void;
  now?: () => number;
}

/** What the transport calls for one connection. */
export interface ConnectionHandle {
  onFrame(text: string): void;
  onClose(code: number): void;
}

export interface Hub {
  addCustomer(peer: Peer, client: ClientInfo): ConnectionHandle;
  /** `identity`: the application's dedupe identity, stable for its key (say, a hash of it). */
  addApplication(peer: Peer, ip: string, identity: string): ConnectionHandle;
  /** Whether some open customer socket of this node is bound to this userId (authorises its image uploads). */
  hasCustomer(userId: string): boolean;
  customerCount(): number;
  applications(): Iterable<ApplicationStatus>;
  /** Terminates customer sockets (of one userId, or all); returns how many. */
  dropCustomerSockets(userId?: string): number;
  /** Closes every socket with `code` (1013 while Redis is unreachable, §6.1); returns how many. */
  closeAll(code: number, reason: string): number;
  /** Keeps conversations with open sockets alive and lets the store forget idle ones. */
  sweep(): void;
}

/** Close codes named in logs (RFC 6455 §7.4.1), so a log line says why without reading the spec. */
const CLOSE_CODES: Record<number, string> = {
  1000: 'normal',
  1001: 'going away',
  1005: 'no code',
  1006: 'dropped',
  1008: 'policy',
  1009: 'frame too large (SERMO_MAX_FRAME_BYTES)',
  1011: 'server error',
  1013: 'try again later',
};

function describeClose(code: number): string {
  return `${code} ${CLOSE_CODES[code] ?? 'other'}`;
}

/** Close reasons are at most 123 bytes (RFC 6455 §5.5); parser reasons can be longer. */
function closeReason(reason: string): string {
  let cut = reason;
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}

export function createHub(options: HubOptions): Hub {
  const { limits, log, refusals } = options;
  const now = options.now ?? Date.now;
  const exchange = options.exchange ?? createLocalExchange(options.store ?? createMemoryStore(limits, now), createLocalImageShelf(limits, now));
  /** Open customer sockets per bound userId; a userId without sockets has no entry. */
  const socketsOf = new Map<string, Set<CustomerConn>>();
  const applications = new Set<ApplicationConn>();
  /** Every open customer socket, bound or not. */
  const customers = new Set<CustomerConn>();
  const newChats = new SlidingWindow(limits.newChatsPerMinute, 60_000);
  const tasks = new KeyedQueue(() => undefined);
  let nextApplication = 1;
  /** When the last exchange error was logged, and how many were not since: one line a second at most. */
  let lastErrorLog = 0;
  let errorsUnlogged = 0;

  function send(peer: Peer, frame: string): void {
    if (peer.readyState !== OPEN) return;
    if (peer.bufferedAmount > limits.maxBufferedBytes) {
      log(`terminated a slow reader: more than ${limits.maxBufferedBytes} bytes queued (SERMO_MAX_BUFFERED_BYTES)`);
      peer.terminate();
      return;
    }
    peer.send(frame);
  }

  function ack(peer: Peer, id: string): void {
    send(peer, encodeFrame({ type: 'ack', id }));
  }

  exchange.attach({
    toCustomers(userId, id, frame) {
      for (const customer of socketsOf.get(userId) ?? []) customer.tap.offer(id, frame);
    },
    toApplications(frame, skip) {
      for (const app of applications) if (app.connection !== skip) send(app.peer, frame);
    },
    gap() {
      for (const sockets of socketsOf.values()) for (const conn of sockets) conn.tap.holdForGap();
    },
    resync() {
      for (const [userId, sockets] of socketsOf) {
        for (const conn of sockets) tasks.run(userId, () => guarded(conn.peer, () => conn.tap.endGap((after) => exchange.replay(userId, after))));
      }
    },
  });

  /**
   * Runs a socket's task; when the exchange fails it, the event is not acked and the socket is closed with
   * 1013, so its client reconnects and resends, in order, what was not acked (a failed event must not be
   * followed by acked later ones).
   */
  async function guarded(peer: Peer, task: () => Promise<void>, failed?: () => void): Promise<void> {
    try {
      await task();
    } catch (error) {
      failed?.();
      const time = now();
      errorsUnlogged += 1;
      if (time - lastErrorLog >= 1_000) {
        log(`exchange error: ${error instanceof Error ? error.message : String(error)} (${errorsUnlogged} since the last line); closing with 1013`);
        lastErrorLog = time;
        errorsUnlogged = 0;
      }
      peer.close(1013, 'try again later');
    }
  }

  function catchUp(conn: CustomerConn, userId: string, resumeFrom?: number): Promise<void> {
    return conn.tap.catchUp((after) => exchange.replay(userId, after), resumeFrom);
  }

  function sessionOpened(userId: string, time: string): void {
    options.onSession({ type: 'session_state_open', ctime: time, session: { userId, openTime: time } });
  }

  /** A close without a known open (say, once the state was forgotten) has no openTime to report: none is sent. */
  function sessionClosed(userId: string, openTime: string, reason: 'client_left' | 'end_session'): void {
    const time = new Date(now()).toISOString();
    options.onSession({ type: 'session_state_close', ctime: time, session: { userId, openTime, closeTime: time, reason } });
  }

  /**
   * Closes a customer socket with 1008; `kind` groups the log line with others of its limit and address.
   * Events it sent before the refusal are still handled and acked first: the close waits behind them.
   */
  function refuse(conn: CustomerConn, reason: string, kind = reason, hint = ''): void {
    if (conn.refused) return;
    conn.refused = true;
    refusals.write(
      `${kind} ${conn.client.key}`,
      `customer refused: 1008 ${forLog(reason)} userId=${userIdForLog(conn.userId)} ip=${conn.client.address}${hint}`,
    );
    const close = async () => conn.peer.close(1008, closeReason(reason));
    if (conn.userId === null) void close();
    else tasks.run(conn.userId, close);
  }

  // ---------------------------------------------------------------------------------------------------
  // Customers

  /**
   * A socket's first event binds it; a userId the exchange does not know begins a new conversation. The
   * first socket of a userId on this node watches it, before any of its events is handed over, so nothing
   * published after can be missed.
   */
  async function admitCustomer(conn: CustomerConn, userId: string): Promise<void> {
    if (limits.newChatsPerMinute > 0 && !(await exchange.has(userId)) && !newChats.tryTake(conn.client.key, now())) {
      refuse(
        conn,
        `more than ${limits.newChatsPerMinute} new conversations a minute from this address`,
        'new conversations',
        ` (SERMO_NEW_CHATS_PER_MINUTE)${proxyHint(conn.client)}`,
      );
      return;
    }
    await exchange.touch(userId);
    // A socket that closed meanwhile still has its events handled (a `client_unload` sent as the page went).
    conn.admitted = true;
    if (conn.closed) return;
    let sockets = socketsOf.get(userId);
    const first = sockets === undefined;
    if (sockets === undefined) socketsOf.set(userId, (sockets = new Set()));
    sockets.add(conn);
    if (first) await exchange.watch(userId);
  }

  async function onCustomerEvent(conn: CustomerConn, event: InboundEvent): Promise<void> {
    // Its conversation was refused (or its socket failed) while this event waited its turn: it goes nowhere,
    // and is not acked.
    if (!conn.admitted || conn.failed) return;
    const { userId } = event;
    const time = new Date(now()).toISOString();
    const change = event.type === 'start' ? 'open' : event.type === 'client_left' ? 'close' : null;
    const handed = await exchange.fromCustomer({
      userId,
      ackId: event.id,
      frame: encodeFrame(event),
      session: change === null ? null : { change, time },
    });
    if (!conn.started) {
      // DESIGN §4.3: what came after `lastEventId`, to this socket only. A lastEventId above every id given
      // replays nothing and moves no counter: ids are the exchange's, seeded from the clock, never the client's.
      if (!handed.duplicate && event.type === 'heartbeat' && event.lastEventId !== undefined) await catchUp(conn, userId, event.lastEventId);
      conn.started = true;
      conn.tap.release();
    } else if (!handed.duplicate && event.type === 'heartbeat' && event.lastEventId !== undefined) {
      await catchUp(conn, userId, event.lastEventId);
    }
    if (!handed.duplicate) {
      if (handed.opened !== undefined) sessionOpened(userId, handed.opened);
      if (handed.closedOpenTime !== undefined) sessionClosed(userId, handed.closedOpenTime, 'client_left');
    }
    // A duplicate was already routed: the ack was lost, not the event.
    if (event.id !== undefined) ack(conn.peer, event.id);
  }

  function addCustomer(peer: Peer, client: ClientInfo): ConnectionHandle {
    const conn: CustomerConn = {
      peer,
      client,
      userId: null,
      bucket: new TokenBucket(limits.customerEventsPerSecond, limits.customerBurst, now()),
      refused: false,
      admitted: false,
      started: false,
      failed: false,
      closed: false,
      tap: new CustomerTap((frame) => send(peer, frame)),
    };
    customers.add(conn);
    const fail = () => {
      conn.failed = true;
    };
    return {
      onFrame(text) {
        if (conn.refused || conn.failed) return;
        if (!conn.bucket.take(now())) return refuse(conn, 'rate limit exceeded', 'rate', ' (SERMO_CUSTOMER_RATE)');
        const parsed = parseCustomerFrame(text);
        if (!parsed.ok) return refuse(conn, refusalText(parsed.reason), 'bad frame');
        const event = parsed.event;
        const plan = planRoute('customer', event.direction, event.userId);
        if (!plan.ok) return refuse(conn, plan.reason);
        if (conn.userId === null) {
          if (!UUID.test(event.userId)) {
            return refuse(conn, 'userId must be a UUID (8-4-4-4-12 hex, as crypto.randomUUID() makes)', 'userId format');
          }
          conn.userId = event.userId;
          tasks.run(event.userId, () => guarded(peer, () => admitCustomer(conn, event.userId), fail));
        } else if (event.userId !== conn.userId) {
          return refuse(conn, 'userId differs from the one this socket is bound to');
        }
        tasks.run(event.userId, () => guarded(peer, () => onCustomerEvent(conn, event), fail));
      },
      onClose(code) {
        conn.closed = true;
        customers.delete(conn);
        const userId = conn.userId;
        const sockets = userId === null ? undefined : socketsOf.get(userId);
        if (userId !== null && sockets?.delete(conn)) {
          const last = sockets.size === 0;
          if (last) socketsOf.delete(userId);
          // DESIGN §6.2: state is forgotten 15 minutes after the last socket *and* event.
          tasks.run(userId, async () => {
            // A new socket of this userId may have come in meanwhile: it keeps the watch.
            if (last && !socketsOf.has(userId)) await exchange.unwatch(userId).catch(() => undefined);
            await exchange.touch(userId).catch(() => undefined);
          });
        }
        log(`customer closed: ${describeClose(code)} userId=${userIdForLog(userId)} ip=${client.address}`);
      },
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // Applications

  function userIdOf(event: ApplicationSentFrame): string | undefined {
    return 'userId' in event ? event.userId : undefined;
  }

  function isUnknown(event: ApplicationSentFrame): event is UnknownEvent {
    return 'unknown' in event;
  }

  /** The outbound event encoded without an id: the exchange numbers it (DESIGN §4.3). */
  function unnumberedBody(event: OutboundEvent | UnknownEvent): string {
    const copy = { ...event };
    delete copy.id;
    return encodeFrame(copy);
  }

  async function onApplicationEvent(app: ApplicationConn, event: ApplicationSentFrame, ackId: string | undefined): Promise<void> {
    if (app.failed) return;
    const userId = userIdOf(event);
    const plan = planRoute('application', event.direction, userId);
    if (!plan.ok) {
      send(app.peer, encodeFrame({ type: 'error', reason: plan.reason }));
      return;
    }
    const numbered = event.direction === 'outbound' && userId !== undefined;
    const handed = await exchange.fromApplication({
      sender: app.sender,
      connection: app.connection,
      userId,
      ackId,
      body: numbered ? unnumberedBody(event) : encodeFrame(event),
      numbered,
      keep: numbered && event.type !== 'typing_on' && event.type !== 'typing_off',
      endsSession: numbered && event.type === 'end_session',
    });
    if (!handed.duplicate) {
      if (event.type === 'application_heartbeat' && !isUnknown(event)) {
        app.available = event.available;
        app.lastBeatAt = now();
        if (event.name !== undefined) app.name = event.name;
        options.onApplicationsChanged?.();
      }
      if (handed.closedOpenTime !== undefined && userId !== undefined) sessionClosed(userId, handed.closedOpenTime, 'end_session');
    }
    // A duplicate was already routed: the ack was lost, not the event.
    if (ackId !== undefined) ack(app.peer, ackId);
  }

  function addApplication(peer: Peer, ip: string, identity: string): ConnectionHandle {
    const app: ApplicationConn = {
      peer,
      ip,
      sender: `app:${identity}`,
      connection: nextApplication++,
      name: null,
      available: false,
      lastBeatAt: null,
      connectedAt: now(),
      failed: false,
    };
    applications.add(app);
    options.onApplicationsChanged?.();
    log(`application open: connection=${app.connection} ip=${ip}`);
    const fail = () => {
      app.failed = true;
    };
    return {
      onFrame(text) {
        if (app.failed) return;
        const parsed = parseApplicationFrame(text);
        if (!parsed.ok) {
          send(peer, encodeFrame({ type: 'error', reason: refusalText(parsed.reason) }));
          return;
        }
        const event = parsed.event;
        // An application's own ack or error frame is not an event: nothing to route.
        if (!('direction' in event)) return;
        // Events naming no userId (application_heartbeat) share one queue, in arrival order.
        tasks.run(userIdOf(event) ?? '', () => guarded(peer, () => onApplicationEvent(app, event, parsed.ackId), fail));
      },
      onClose(code) {
        applications.delete(app);
        options.onApplicationsChanged?.();
        log(`application closed: ${describeClose(code)} connection=${app.connection} ip=${ip}`);
      },
    };
  }

  return {
    addCustomer,
    addApplication,
    hasCustomer: (userId) => socketsOf.has(userId),
    customerCount: () => customers.size,
    applications: () => applications,
    dropCustomerSockets(userId) {
      const targets = [...(userId === undefined ? customers : (socketsOf.get(userId) ?? []))];
      for (const conn of targets) conn.peer.terminate();
      return targets.length;
    },
    closeAll(code, reason) {
      let closed = 0;
      for (const conn of customers) {
        conn.failed = true;
        conn.peer.close(code, reason);
        closed += 1;
      }
      for (const app of applications) {
        app.failed = true;
        app.peer.close(code, reason);
        closed += 1;
      }
      return closed;
    },
    sweep() {
      for (const userId of socketsOf.keys()) tasks.run(userId, () => exchange.touch(userId).catch(() => undefined));
      newChats.sweep(now());
      refusals.sweep();
      exchange.sweep();
    },
  };
}
