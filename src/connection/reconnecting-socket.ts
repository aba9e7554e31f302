/**
 * The reconnecting WebSocket of every client of the broker: the widget's transport, the agent console and
 * the demo bot (DESIGN §1, STYLE B.3/B.6). It is the only code that makes, writes to and closes their sockets;
 * the WebSocket constructor is injected (the browser's, `ws` in Node, a FakeSocket in tests). The loader
 * never imports it (src/architecture.test.ts).
 *
 * One socket at a time. A lost socket is replaced after a backoff delay (`backoff.ts`), at most `maxDelay()`;
 * the attempt counter resets once a socket has opened and received a frame (DESIGN §4.3: a connection that
 * keeps dropping is retried within about a second each time, rather than after ever longer waits). Events
 * of a socket we have let go of ("orphaned", as tldraw's adapter calls it) are ignored: every handler
 * checks that its socket is still the current one (a socket let go of is closed, and goes with its listeners).
 *
 * Status (`LinkStatus`, the one type for it, shown by the widget's banner and the console's header):
 * - `connecting`: before the first successful open of this run;
 * - `online`: a socket is open;
 * - `reconnecting`: an open socket was lost and we are retrying;
 * - `unreachable`: an attempt failed before any socket of this run opened (a wrong URL or key, a broker that
 *   is down), or UNREACHABLE_MS passed since the socket was lost without a successful open. It stays so
 *   until a socket opens. (Failed attempts after a working socket do not say it at once: the retries come a
 *   second apart, and a few quick failures are a flapping network, not a service that is down.)
 */
import { nextDelay } from './backoff.ts';

/** The part of `WebSocket` this module uses; the browser's `WebSocket`, `ws`'s and `FakeSocket` all fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: SocketEventType, listener: (event: object) => void): void;
  removeEventListener(type: SocketEventType, listener: (event: object) => void): void;
}

export type SocketEventType = 'open' | 'message' | 'close' | 'error';

/** A constructor like `WebSocket`. */
export type SocketConstructor = new (url: string) => SocketLike;

export type LinkStatus = 'connecting' | 'online' | 'reconnecting' | 'unreachable';

/** WebSocket.OPEN; not read from the constructor so that minimal fakes fit. */
const OPEN = 1;
/** A socket that has not opened after this long is abandoned and counts as a failed attempt. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Time without a working connection, after one worked, before the status says the service cannot be reached. */
export const UNREACHABLE_MS = 10_000;

export interface ReconnectingSocketOptions {
  url: string;
  WebSocketImpl: SocketConstructor;
  /** For the backoff jitter. */
  random: () => number;
  /** The longest wait before the next attempt, asked at each loss (default BACKOFF_CAP_MS). */
  maxDelay?: () => number;
  /** A socket opened (first connect or reconnect). Sending from here is allowed. */
  onOpen(): void;
  /** A text frame arrived on the current socket. */
  onMessage(text: string): void;
  /** The open socket was lost (not called for attempts that never opened, nor for `stop()`). */
  onClose(): void;
  onStatus(status: LinkStatus): void;
}

export interface ReconnectingSocket {
  /** Begin connecting; the status is `connecting` until a socket opens (it is not reported: every link starts so). */
  start(): void;
  /** Write a frame to the open socket; false when there is none (nothing is queued here: see the widget's outbox.ts). */
  send(text: string): boolean;
  /** The network came back or the page became visible: skip the remaining backoff wait. */
  wake(): void;
  /** The network went away (`offline`): give the socket up now, as lost, rather than wait for TCP to notice. */
  drop(): void;
  /** Close the socket, stop retrying, clear every timer. */
  stop(): void;
}

type Timer = ReturnType<typeof setTimeout>;

export function createReconnectingSocket(options: ReconnectingSocketOptions): ReconnectingSocket {
  const { url, WebSocketImpl, random } = options;
  let running = false;
  let socket: SocketLike | null = null;
  /** Whether the current socket has opened. */
  let opened = false;
  /** Retries since a socket last worked (opened and received a frame): the backoff exponent. */
  let attempt = 0;
  let status: LinkStatus = 'connecting';
  let retryTimer: Timer | undefined;
  let connectTimer: Timer | undefined;
  let unreachableTimer: Timer | undefined;

  // Reported as it changes or not: the receivers keep it in signals, which ignore a value they already hold.
  const setStatus = (next: LinkStatus) => options.onStatus((status = next));

  const handleLoss = (wasOpen: boolean) => {
    if (wasOpen) {
      // Only an open socket's loss gets here, and an open socket is `online`.
      setStatus('reconnecting');
      unreachableTimer = setTimeout(() => setStatus('unreachable'), UNREACHABLE_MS);
      options.onClose();
    } else if (status === 'connecting') {
      // Never got in: no socket of this run has opened.
      setStatus('unreachable');
    }
    if (running) retryTimer = setTimeout(connect, nextDelay(attempt++, random, options.maxDelay?.()));
  };

  /** Forget the current socket (its events are ignored from now on: each handler checks it is still the current one). */
  const release = () => {
    socket = null;
    opened = false;
    clearTimeout(connectTimer);
  };

  /** The current socket closed, or we give it up: closed (if it is not already) and counted as lost. */
  const lose = () => {
    const ws = socket!;
    const wasOpen = opened;
    release();
    ws.close();
    handleLoss(wasOpen);
  };

  /** An attempt now, if none is under way: a retry still waiting is dropped (it would only come second). */
  const connect = () => {
    if (!running || socket) return;
    clearTimeout(retryTimer);
    let ws: SocketLike;
    try {
      ws = new WebSocketImpl(url);
    } catch {
      // The constructor throws only for a bad URL or a blocked port: a failed attempt like any other.
      handleLoss(false);
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      opened = true;
      clearTimeout(connectTimer);
      clearTimeout(unreachableTimer);
      setStatus('online');
      options.onOpen();
    });
    ws.addEventListener('message', (event) => {
      if (socket !== ws || !('data' in event)) return;
      // The broker answered on this socket: it works, so the next loss is retried from the first delay.
      attempt = 0;
      // Binary frames are not part of the protocol; only text reaches the parser.
      if (typeof event.data === 'string') options.onMessage(event.data);
    });
    // 'error' is always followed by 'close' (WHATWG WebSockets), which does the work.
    ws.addEventListener('close', () => socket === ws && lose());
    // Cleared when the socket opens or is let go: it fires only for this socket, still unopened.
    connectTimer = setTimeout(lose, CONNECT_TIMEOUT_MS);
  };

  return {
    start() {
      running = true;
      connect();
    },
    send(text) {
      if (!socket || !opened || socket.readyState !== OPEN) return false;
      socket.send(text);
      return true;
    },
    wake: connect,
    drop() {
      if (socket) lose();
    },
    stop() {
      running = false;
      clearTimeout(retryTimer);
      clearTimeout(unreachableTimer);
      const ws = socket;
      release();
      // Frames already passed to send() are still written before the close frame (WHATWG WebSockets).
      ws?.close(1000);
    },
  };
}
