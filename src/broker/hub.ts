/**
 * What the broker does with each frame: customer sockets indexed by userId, application sockets, and, through
 * the `ConversationStore`, each conversation's ids, backlog, dedupe ids and session.
 *
 * The hub keeps only what belongs to this process's sockets. Everything per conversation goes through the
 * store and is awaited, one task at a time per userId (`KeyedQueue`), so events keep their order whether the
 * store answers at once (memory) or over the network (§6.1). An event is acked only once the store has it.
 *
 * Cost per event is independent of how many sockets are open: a customer's event goes to the applications
 * (few), an outbound event to the sockets of one userId (a map lookup). Only the ping and the idle sweep walk
 * everything, on their own slow timers.
 *
 * Sockets are `Peer`s, the part of a `ws` WebSocket used here, so the hub does not depend on `ws`.
 */

import { encodeFrame, parseApplicationFrame, parseCustomerFrame } from '../protocol/index.ts';
import type { ApplicationSentFrame, InboundEvent, OutboundEvent, UnknownEvent } from '../protocol/events.ts';
import { type ConversationStore, frameWithId } from './conversation-store.ts';
import { type ClientInfo, proxyHint } from './client-address.ts';
import type { ApplicationStatus } from './health.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { type BrokerLimits, SlidingWindow, TokenBucket } from './limits.ts';
import { forLog, userIdForLog } from './log-format.ts';
import type { RefusalLog } from './refusals.ts';
import { planRoute, type RoutePlan } from './routing.ts';
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
  closed: boolean;
}

interface ApplicationConn extends ApplicationStatus {
  peer: Peer;
  ip: string;
  /** Dedupe identity (DESIGN §6.2): the same for every socket of one application key, across reconnects. */
  sender: string;
}

export interface HubOptions {
  limits: BrokerLimits;
  store: ConversationStore;
  log: (line: string) => void;
  /** Refusals by limit and address, rate limited. */
  refusals: RefusalLog;
  /** Called for session state changes; the hub does not wait for delivery. */
  onSession: (payload: SessionWebhookPayload) => void;
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
  /** Whether some open customer socket is bound to this userId (authorises its image uploads). */
  hasCustomer(userId: string): boolean;
  customerCount(): number;
  applications(): Iterable<ApplicationStatus>;
  /** Terminates customer sockets (of one userId, or all); returns how many. */
  dropCustomerSockets(userId?: string): number;
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
  const { limits, log, store, refusals } = options;
  const now = options.now ?? Date.now;
  /** Open customer sockets per bound userId; a userId without sockets has no entry. */
  const socketsOf = new Map<string, Set<CustomerConn>>();
  const applications = new Set<ApplicationConn>();
  /** Every open customer socket, bound or not. */
  const customers = new Set<CustomerConn>();
  const newChats = new SlidingWindow(limits.newChatsPerMinute, 60_000);
  const tasks = new KeyedQueue((error) => log(`store error: ${error instanceof Error ? error.message : String(error)}`));
  let nextApplication = 1;

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

  function deliver(plan: Extract<RoutePlan, { ok: true }>, frame: string, from: ApplicationConn | null): void {
    for (const app of applications) {
      if (plan.applications === 'others' && app === from) continue;
      send(app.peer, frame);
    }
    if (plan.customersOf !== null) {
      for (const customer of socketsOf.get(plan.customersOf) ?? []) send(customer.peer, frame);
    }
  }

  function sessionOpened(userId: string, time: string): void {
    options.onSession({ type: 'session_state_open', ctime: time, session: { userId, openTime: time } });
  }

  async function closeSession(userId: string, reason: 'client_left' | 'end_session'): Promise<void> {
    // A close without a known open (say, after a restart, or once the state was forgotten) has no openTime to report.
    const openTime = await store.closeSession(userId);
    if (openTime === null) return;
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

  /** A socket's first event binds it; a userId the store does not know begins a new conversation. */
  async function admitCustomer(conn: CustomerConn, userId: string): Promise<void> {
    if (limits.newChatsPerMinute > 0 && !(await store.has(userId)) && !newChats.tryTake(conn.client.key, now())) {
      refuse(
        conn,
        `more than ${limits.newChatsPerMinute} new conversations a minute from this address`,
        'new conversations',
        ` (SERMO_NEW_CHATS_PER_MINUTE)${proxyHint(conn.client)}`,
      );
      return;
    }
    await store.touch(userId);
    conn.admitted = true;
    if (conn.closed) return;
    let sockets = socketsOf.get(userId);
    if (sockets === undefined) socketsOf.set(userId, (sockets = new Set()));
    sockets.add(conn);
  }

  async function onCustomerEvent(conn: CustomerConn, event: InboundEvent, plan: Extract<RoutePlan, { ok: true }>): Promise<void> {
    // Its conversation was refused while this event waited its turn: the event goes nowhere (and is not acked).
    if (!conn.admitted) return;
    const { userId } = event;
    if (event.id !== undefined) {
      if (!(await store.admit(userId, 'customer', event.id))) {
        ack(conn.peer, event.id); // already routed: the ack was lost, not the event
        return;
      }
    } else {
      await store.touch(userId);
    }
    if (event.type === 'heartbeat' && event.lastEventId !== undefined) {
      // DESIGN §4.3: what came after, to this socket only. A lastEventId above every id given replays nothing
      // and moves no counter: ids are the store's, seeded from the clock, never the client's.
      for (const stored of await store.replay(userId, event.lastEventId)) send(conn.peer, frameWithId(stored.body, stored.id));
    }
    if (event.type === 'start') {
      const time = new Date(now()).toISOString();
      if (await store.openSession(userId, time)) sessionOpened(userId, time);
    }
    if (event.type === 'client_left') await closeSession(userId, 'client_left');
    deliver(plan, encodeFrame(event), null);
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
      closed: false,
    };
    customers.add(conn);
    return {
      onFrame(text) {
        if (conn.refused) return;
        if (!conn.bucket.take(now())) return refuse(conn, 'rate limit exceeded', 'rate', ' (SERMO_CUSTOMER_RATE)');
        const parsed = parseCustomerFrame(text);
        if (!parsed.ok) return refuse(conn, parsed.reason, 'bad frame');
        const event = parsed.event;
        const plan = planRoute('customer', event.direction, event.userId);
        if (!plan.ok) return refuse(conn, plan.reason);
        if (conn.userId === null) {
          if (!UUID.test(event.userId)) {
            return refuse(conn, 'userId must be a UUID (8-4-4-4-12 hex, as crypto.randomUUID() makes)', 'userId format');
          }
          conn.userId = event.userId;
          tasks.run(event.userId, () => admitCustomer(conn, event.userId));
        } else if (event.userId !== conn.userId) {
          return refuse(conn, 'userId differs from the one this socket is bound to');
        }
        tasks.run(event.userId, () => onCustomerEvent(conn, event, plan));
      },
      onClose(code) {
        conn.closed = true;
        customers.delete(conn);
        const userId = conn.userId;
        const sockets = userId === null ? undefined : socketsOf.get(userId);
        if (userId !== null && sockets?.delete(conn)) {
          if (sockets.size === 0) socketsOf.delete(userId);
          // DESIGN §6.2: state is forgotten 15 minutes after the last socket *and* event.
          tasks.run(userId, () => store.touch(userId));
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

  /** The outbound event encoded without an id: the store numbers it (DESIGN §4.3). */
  function unnumberedBody(event: OutboundEvent | UnknownEvent): string {
    const copy = { ...event };
    delete copy.id;
    return encodeFrame(copy);
  }

  async function onApplicationEvent(app: ApplicationConn, event: ApplicationSentFrame, ackId: string | undefined): Promise<void> {
    const userId = userIdOf(event);
    if (ackId !== undefined && !(await store.admit(userId ?? null, app.sender, ackId))) {
      ack(app.peer, ackId);
      return;
    }
    if (event.type === 'application_heartbeat' && !isUnknown(event)) {
      app.available = event.available;
      app.lastBeatAt = now();
      if (event.name !== undefined) app.name = event.name;
    }
    const plan = planRoute('application', event.direction, userId);
    if (!plan.ok) {
      send(app.peer, encodeFrame({ type: 'error', reason: plan.reason }));
      return;
    }
    let frame: string;
    if (event.direction === 'outbound' && userId !== undefined) {
      const body = unnumberedBody(event);
      const kept = event.type !== 'typing_on' && event.type !== 'typing_off';
      frame = frameWithId(body, await store.appendOutbound(userId, body, kept));
      if (event.type === 'end_session') await closeSession(userId, 'end_session');
    } else {
      frame = encodeFrame(event);
    }
    deliver(plan, frame, app);
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
    };
    applications.add(app);
    log(`application open: connection=${app.connection} ip=${ip}`);
    return {
      onFrame(text) {
        const parsed = parseApplicationFrame(text);
        if (!parsed.ok) {
          send(peer, encodeFrame({ type: 'error', reason: parsed.reason }));
          return;
        }
        const event = parsed.event;
        // An application's own ack or error frame is not an event: nothing to route.
        if (!('direction' in event)) return;
        // Events naming no userId (application_heartbeat) share one queue, in arrival order.
        tasks.run(userIdOf(event) ?? '', () => onApplicationEvent(app, event, parsed.ackId));
      },
      onClose(code) {
        applications.delete(app);
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
    sweep() {
      for (const userId of socketsOf.keys()) tasks.run(userId, () => store.touch(userId));
      newChats.sweep(now());
      refusals.sweep();
      store.sweep();
    },
  };
}
