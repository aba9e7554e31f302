/**
 * The live state of the broker and what it does with each frame: customer sockets indexed by userId,
 * application sockets, and one `Conversation` per userId (numbering, replay backlog, seen ids, session).
 *
 * Cost per event is independent of how many sockets are open: a customer's event goes to the
 * applications (few), an outbound event to the sockets of one userId (a map lookup). Nothing scans all
 * sockets per event; only the ping and the idle sweep walk everything, on their own slow timers.
 *
 * Sockets are `Peer`s, the part of a `ws` WebSocket used here, so the hub does not depend on `ws`.
 */

import {
  encodeFrame,
  parseApplicationFrame,
  parseCustomerFrame,
} from '../protocol/index.ts';
import type { ApplicationSentFrame, InboundEvent, UnknownEvent } from '../protocol/events.ts';
import { Backlog } from './backlog.ts';
import type { ApplicationStatus } from './health.ts';
import { type BrokerLimits, RecentIds, TokenBucket } from './limits.ts';
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

interface CustomerConn {
  peer: Peer;
  ip: string;
  /** Bound by the first event (DESIGN §6); null until then. */
  userId: string | null;
  bucket: TokenBucket;
  /** Set once the broker refused the socket: frames still in flight are ignored. */
  refused: boolean;
}

interface ApplicationConn extends ApplicationStatus {
  peer: Peer;
  ip: string;
}

interface Conversation {
  customers: Set<CustomerConn>;
  /** The last outbound id given (DESIGN §4.3: integers from 1 per userId). */
  lastId: number;
  backlog: Backlog;
  /** Ids of events already routed for this userId, from the customer or an application. */
  seen: RecentIds;
  /** When the session opened (seed 003 webhooks), or null while none is open. */
  openTime: string | null;
  lastActivity: number;
}

export interface HubOptions {
  limits: BrokerLimits;
  log: (line: string) => void;
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
  addCustomer(peer: Peer, ip: string): ConnectionHandle;
  addApplication(peer: Peer, ip: string): ConnectionHandle;
  /** Whether some open customer socket is bound to this userId (authorises its image uploads). */
  hasCustomer(userId: string): boolean;
  customerCount(): number;
  applications(): Iterable<ApplicationStatus>;
  /** Terminates customer sockets (of one userId, or all); returns how many. */
  dropCustomerSockets(userId?: string): number;
  /** Forgets conversations idle longer than the limit with no socket open. */
  sweep(): void;
}

/** Close codes named in logs (RFC 6455 §7.4.1), so a log line says why without reading the spec. */
const CLOSE_CODES: Record<number, string> = {
  1000: 'normal',
  1001: 'going away',
  1005: 'no code',
  1006: 'dropped',
  1008: 'policy',
  1009: 'frame too large',
  1011: 'server error',
};

function describeClose(code: number): string {
  return `${code} ${CLOSE_CODES[code] ?? 'other'}`;
}

/** Client-chosen values (a userId, a parser reason quoting a type) stay on one bounded log line. */
function forLog(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200);
}

/** Close reasons are at most 123 bytes (RFC 6455 §5.5); parser reasons can be longer. */
function closeReason(reason: string): string {
  let cut = reason;
  while (Buffer.byteLength(cut) > 123) cut = cut.slice(0, -1);
  return cut;
}

export function createHub(options: HubOptions): Hub {
  const { limits, log } = options;
  const now = options.now ?? Date.now;
  const conversations = new Map<string, Conversation>();
  const applications = new Set<ApplicationConn>();
  /** Ids of application events that name no userId (application_heartbeat, unknown internal types). */
  const seenWithoutUser = new RecentIds(limits.dedupeWindow * 8);
  /** Every open customer socket, bound or not. */
  const customers = new Set<CustomerConn>();
  let nextApplication = 1;

  function conversation(userId: string): Conversation {
    let found = conversations.get(userId);
    if (found === undefined) {
      found = {
        customers: new Set(),
        lastId: 0,
        backlog: new Backlog(limits.backlogMaxEvents, limits.backlogMaxAgeMs),
        seen: new RecentIds(limits.dedupeWindow),
        openTime: null,
        lastActivity: now(),
      };
      conversations.set(userId, found);
    }
    return found;
  }

  function send(peer: Peer, frame: string): void {
    if (peer.readyState !== OPEN) return;
    if (peer.bufferedAmount > limits.maxBufferedBytes) {
      log(`terminated a slow reader: more than ${limits.maxBufferedBytes} bytes queued`);
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
      const target = conversations.get(plan.customersOf);
      if (target) for (const customer of target.customers) send(customer.peer, frame);
    }
  }

  function openSession(userId: string, conv: Conversation): void {
    if (conv.openTime !== null) return;
    const time = new Date(now()).toISOString();
    conv.openTime = time;
    options.onSession({ type: 'session_state_open', ctime: time, session: { userId, openTime: time } });
  }

  function closeSession(userId: string, conv: Conversation, reason: 'client_left' | 'end_session'): void {
    // A close without a known open (say, after a broker restart) has no openTime to report; it is skipped.
    if (conv.openTime === null) return;
    const time = new Date(now()).toISOString();
    options.onSession({
      type: 'session_state_close',
      ctime: time,
      session: { userId, openTime: conv.openTime, closeTime: time, reason },
    });
    conv.openTime = null;
  }

  function refuse(conn: CustomerConn, reason: string): void {
    conn.refused = true;
    log(`customer refused: 1008 ${forLog(reason)} userId=${forLog(conn.userId ?? '-')} ip=${conn.ip}`);
    conn.peer.close(1008, closeReason(reason));
  }

  // ---------------------------------------------------------------------------------------------------
  // Customers

  function onCustomerEvent(conn: CustomerConn, event: InboundEvent): void {
    const plan = planRoute('customer', event.direction, event.userId);
    if (!plan.ok) {
      refuse(conn, plan.reason);
      return;
    }
    if (conn.userId === null) {
      conn.userId = event.userId;
      conversation(event.userId).customers.add(conn);
    } else if (event.userId !== conn.userId) {
      refuse(conn, 'userId differs from the one this socket is bound to');
      return;
    }
    const conv = conversation(event.userId);
    conv.lastActivity = now();
    if (event.id !== undefined && !conv.seen.add(event.id)) {
      ack(conn.peer, event.id); // already routed: the ack was lost, not the event
      return;
    }
    if (event.type === 'heartbeat' && event.lastEventId !== undefined) {
      // After a broker restart the widget knows ids this process never gave: continue above them, so the
      // widget does not drop new events as already seen.
      if (event.lastEventId > conv.lastId) conv.lastId = event.lastEventId;
      for (const frame of conv.backlog.after(event.lastEventId, now())) send(conn.peer, frame);
    }
    if (event.type === 'start') openSession(event.userId, conv);
    if (event.type === 'client_left') closeSession(event.userId, conv, 'client_left');
    deliver(plan, encodeFrame(event), null);
    if (event.id !== undefined) ack(conn.peer, event.id);
  }

  function addCustomer(peer: Peer, ip: string): ConnectionHandle {
    const conn: CustomerConn = {
      peer,
      ip,
      userId: null,
      bucket: new TokenBucket(limits.customerEventsPerSecond, limits.customerBurst, now()),
      refused: false,
    };
    customers.add(conn);
    return {
      onFrame(text) {
        if (conn.refused) return;
        if (!conn.bucket.take(now())) {
          refuse(conn, 'rate limit exceeded');
          return;
        }
        const parsed = parseCustomerFrame(text);
        if (!parsed.ok) {
          refuse(conn, parsed.reason);
          return;
        }
        onCustomerEvent(conn, parsed.event);
      },
      onClose(code) {
        customers.delete(conn);
        if (conn.userId !== null) {
          const conv = conversations.get(conn.userId);
          if (conv) {
            conv.customers.delete(conn);
            conv.lastActivity = now();
          }
        }
        log(`customer closed: ${describeClose(code)} userId=${forLog(conn.userId ?? '-')} ip=${ip}`);
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

  /** The event as sent on to customers and applications, with its per-userId number (DESIGN §4.3). */
  function numbered(event: ApplicationSentFrame, id: number): ApplicationSentFrame {
    // encodeFrame writes an unknown event's wrapper id over its body's.
    if (isUnknown(event)) return { ...event, id };
    if (event.direction === 'outbound') return { ...event, id };
    return event;
  }

  function onApplicationEvent(app: ApplicationConn, event: ApplicationSentFrame, ackId: string | undefined): void {
    const userId = userIdOf(event);
    const conv = userId === undefined ? null : conversation(userId);
    if (conv) conv.lastActivity = now();
    if (ackId !== undefined && !(conv ? conv.seen.add(ackId) : seenWithoutUser.add(ackId))) {
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
    if (event.direction === 'outbound' && conv !== null && userId !== undefined) {
      conv.lastId += 1;
      frame = encodeFrame(numbered(event, conv.lastId));
      if (event.type !== 'typing_on' && event.type !== 'typing_off') conv.backlog.append(conv.lastId, frame, now());
      if (event.type === 'end_session') closeSession(userId, conv, 'end_session');
    } else {
      frame = encodeFrame(event);
    }
    deliver(plan, frame, app);
    if (ackId !== undefined) ack(app.peer, ackId);
  }

  function addApplication(peer: Peer, ip: string): ConnectionHandle {
    const app: ApplicationConn = {
      peer,
      ip,
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
        onApplicationEvent(app, event, parsed.ackId);
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
    hasCustomer: (userId) => (conversations.get(userId)?.customers.size ?? 0) > 0,
    customerCount: () => customers.size,
    applications: () => applications,
    dropCustomerSockets(userId) {
      const targets = [...(userId === undefined ? customers : (conversations.get(userId)?.customers ?? []))];
      for (const conn of targets) conn.peer.terminate();
      return targets.length;
    },
    sweep() {
      const cutoff = now() - limits.conversationIdleMs;
      for (const [userId, conv] of conversations) {
        if (conv.customers.size === 0 && conv.lastActivity < cutoff) conversations.delete(userId);
      }
    },
  };
}
