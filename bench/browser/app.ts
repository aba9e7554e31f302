/**
 * The application side of the browser benchmarks: a bot-like client on the broker's `/ws/app` that
 * learns each new conversation's userId from its `start` and feeds agent events to it, so the widget is
 * measured on its real path (socket -> parser -> state -> UI).
 */
import WebSocket from 'ws';
import { encodeFrame, parseApplicationFrame, type OutboundEvent } from '../../src/protocol/index.ts';

export interface AppSocket {
  /** How many `start` events have arrived so far. */
  starts(): number;
  /** The userId of the `start` after the first `seen` ones, once it arrives. */
  waitForStart(seen: number, timeoutMs?: number): Promise<string>;
  send(event: OutboundEvent): void;
  /** Bytes queued and not yet written to the broker. */
  buffered(): number;
  close(): void;
}

export function connectApp(url: string): Promise<AppSocket> {
  const userIds: string[] = [];
  const waiters = new Set<() => void>();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.on('message', (data) => {
      const parsed = parseApplicationFrame(data.toString());
      if (!parsed.ok) return;
      const event = parsed.event;
      if (event.type === 'start' && 'direction' in event && event.direction === 'inbound' && typeof event.userId === 'string') {
        userIds.push(event.userId);
        for (const wake of waiters) wake();
      }
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        starts: () => userIds.length,
        waitForStart: (seen, timeoutMs = 15_000) =>
          new Promise((found, fail) => {
            const check = () => {
              const userId = userIds[seen];
              if (userId === undefined) return;
              clearTimeout(timer);
              waiters.delete(check);
              found(userId);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no start event from the widget within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
        send: (event) => socket.send(encodeFrame(event)),
        buffered: () => socket.bufferedAmount,
        close: () => socket.close(),
      }),
    );
  });
}
