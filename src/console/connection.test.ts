import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectApplication, type ConnectionStatus } from './connection.ts';

/** Just enough of a browser WebSocket, driven by the test. */
class FakeSocket {
  static readonly OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

describe('connectApplication', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  const start = () => {
    const statuses: ConnectionStatus[] = [];
    const events: unknown[] = [];
    const connection = connectApplication({
      url: 'ws://x/ws/app?apiKey=k',
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      heartbeatMs: 1000,
    });
    return { connection, statuses, events, socket: () => FakeSocket.all.at(-1)! };
  };

  it('announces itself with application_heartbeat on open and then periodically', () => {
    const { socket } = start();
    socket().open();
    vi.advanceTimersByTime(1000);
    expect(socket().sent).toHaveLength(2);
    expect(socket().sent[0]).toContain('"type":"application_heartbeat"');
  });

  it('passes routed events on, and drops control frames and junk', () => {
    const { socket, events } = start();
    socket().open();
    socket().onmessage?.({ data: '{"type":"ack","id":"1"}' });
    socket().onmessage?.({ data: 'not json' });
    socket().onmessage?.({ data: '{"type":"typing_on","direction":"inbound","userId":"u","text":"He","at":"2026-01-01T00:00:00Z"}' });
    expect(events).toEqual([{ type: 'typing_on', direction: 'inbound', userId: 'u', text: 'He', at: '2026-01-01T00:00:00Z' }]);
  });

  it('says unreachable when it never got in, and offline when it lost an open socket, retrying both', () => {
    const { socket, statuses } = start();
    socket().drop();
    expect(statuses).toEqual(['connecting', 'unreachable']);
    vi.advanceTimersByTime(1000);
    socket().open();
    socket().drop();
    expect(statuses.slice(2)).toEqual(['connecting', 'online', 'offline']);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('refuses to send while not open', () => {
    const { connection } = start();
    expect(connection.send({ type: 'platform_closed', direction: 'outbound', userId: 'u' })).toBe(false);
  });

  it('clears its heartbeat and retry timers on dispose', () => {
    const { connection, socket } = start();
    socket().open();
    socket().drop();
    connection.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
