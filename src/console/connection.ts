/**
 * The console's one WebSocket to the broker (`/ws/app?apiKey=`, format 2): parses every frame with the
 * protocol's one parser, reconnects with a capped backoff, and sends `application_heartbeat` (seed 001,
 * every 30 s). `dispose()` closes the socket and clears every timer.
 */
import { encodeFrame, parseApplicationFrame } from '../protocol/index.ts';
import type { SermoEvent } from '../protocol/events.ts';

/** `unreachable`: no attempt has opened yet (wrong key, or no broker). `offline`: lost, retrying. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'unreachable';

export interface AppConnection {
  /** False when the socket is not open: nothing was sent. */
  send(event: SermoEvent): boolean;
  dispose(): void;
}

export interface ConnectOptions {
  /** e.g. `ws://localhost:8080/ws/app?apiKey=...` */
  url: string;
  onEvent: (event: SermoEvent) => void;
  onStatus: (status: ConnectionStatus) => void;
  WebSocketImpl?: typeof WebSocket;
  heartbeatMs?: number;
}

/** Reconnect delays: a restarting broker is back within seconds; a wrong key is not worth hammering. */
const RETRY_MS = [1000, 2000, 5000, 10_000] as const;
const HEARTBEAT_MS = 30_000;

export function connectApplication(options: ConnectOptions): AppConnection {
  const Impl = options.WebSocketImpl ?? WebSocket;
  let socket: WebSocket | null = null;
  let everOpened = false;
  let attempt = 0;
  let disposed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const send = (event: SermoEvent): boolean => {
    if (socket?.readyState !== Impl.OPEN) return false;
    socket.send(encodeFrame(event));
    return true;
  };
  const beat = () => send({ type: 'application_heartbeat', direction: 'internal', available: true, name: 'agent-console' });

  function open(): void {
    options.onStatus('connecting');
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      everOpened = true;
      attempt = 0;
      options.onStatus('online');
      beat();
      heartbeat = setInterval(beat, options.heartbeatMs ?? HEARTBEAT_MS);
    };
    ws.onmessage = (message: MessageEvent) => {
      if (typeof message.data !== 'string') return;
      const parsed = parseApplicationFrame(message.data);
      // Control frames (ack, error) and types this console does not know have no `direction` or are marked unknown.
      if (!parsed.ok || !('direction' in parsed.event) || 'unknown' in parsed.event) return;
      options.onEvent(parsed.event);
    };
    ws.onclose = () => {
      if (socket !== ws || disposed) return;
      socket = null;
      clearInterval(heartbeat);
      heartbeat = undefined;
      options.onStatus(everOpened ? 'offline' : 'unreachable');
      retry = setTimeout(open, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
  }

  open();

  return {
    send,
    dispose() {
      disposed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      socket?.close(1000, 'console closed');
      socket = null;
    },
  };
}
