/**
 * The console's connection to the broker (`/ws/app?apiKey=`, format 2), over the reconnecting socket every
 * client of the broker shares (src/connection/reconnecting-socket.ts): parses every frame with the
 * protocol's one parser, and sends `application_heartbeat` (seed 001) on every open and every 30 s.
 * `dispose()` closes the socket and clears every timer.
 */
import { createReconnectingSocket, type LinkStatus, type SocketConstructor } from '../connection/reconnecting-socket.ts';
import { encodeFrame, parseApplicationFrame } from '../protocol/index.ts';
import type { SermoEvent } from '../protocol/events.ts';

/** The one status type of a link to the broker: `unreachable` first of all means a wrong key, or no broker. */
export type ConnectionStatus = LinkStatus;

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
  WebSocketImpl?: SocketConstructor;
  heartbeatMs?: number;
}

/** A restarting broker is back within seconds; a wrong key is not worth hammering: at most 10 s apart. */
const MAX_RETRY_MS = 10_000;
const HEARTBEAT_MS = 30_000;

export function connectApplication(options: ConnectOptions): AppConnection {
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const send = (event: SermoEvent): boolean => socket.send(encodeFrame(event));
  const beat = () => send({ type: 'application_heartbeat', direction: 'internal', available: true, name: 'agent-console' });

  const socket = createReconnectingSocket({
    url: options.url,
    WebSocketImpl: options.WebSocketImpl ?? WebSocket,
    random: Math.random,
    maxDelay: () => MAX_RETRY_MS,
    onOpen() {
      beat();
      heartbeat = setInterval(beat, options.heartbeatMs ?? HEARTBEAT_MS);
    },
    onMessage(text) {
      const parsed = parseApplicationFrame(text);
      // Control frames (ack, error) and types this console does not know have no `direction` or are marked unknown.
      if (!parsed.ok || !('direction' in parsed.event) || 'unknown' in parsed.event) return;
      options.onEvent(parsed.event);
    },
    onClose: () => clearInterval(heartbeat),
    onStatus: options.onStatus,
  });
  options.onStatus('connecting');
  socket.start();

  return {
    send,
    dispose() {
      clearInterval(heartbeat);
      socket.stop();
    },
  };
}
