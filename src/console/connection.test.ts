import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeSocket } from '../connection/fake-socket.ts';
import { connectApplication, type ConnectionStatus } from './connection.ts';

describe('connectApplication', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  const start = () => {
    const fake = createFakeSocket();
    const statuses: ConnectionStatus[] = [];
    const events: unknown[] = [];
    const connection = connectApplication({
      url: 'ws://x/ws/app?apiKey=k',
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
      WebSocketImpl: fake.WebSocketImpl,
      heartbeatMs: 1000,
    });
    return { connection, statuses, events, fake, socket: () => fake.last() };
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
    socket().receive('{"type":"ack","id":"1"}');
    socket().receive('not json');
    socket().receive('{"type":"typing_on","direction":"inbound","userId":"u","text":"He","at":"2026-01-01T00:00:00Z"}');
    expect(events).toEqual([{ type: 'typing_on', direction: 'inbound', userId: 'u', text: 'He', at: '2026-01-01T00:00:00Z' }]);
  });

  it('says unreachable when it never got in, and reconnecting when it lost an open socket, retrying both', () => {
    const { socket, statuses, fake } = start();
    socket().fail();
    expect(statuses).toEqual(['connecting', 'unreachable']);
    vi.advanceTimersByTime(1000);
    socket().open();
    socket().serverClose();
    expect(statuses.slice(2)).toEqual(['online', 'reconnecting']);
    expect(fake.sockets).toHaveLength(2);
  });

  it('refuses to send while not open', () => {
    const { connection } = start();
    expect(connection.send({ type: 'platform_closed', direction: 'outbound', userId: 'u' })).toBe(false);
  });

  it('clears its heartbeat and retry timers on dispose', () => {
    const { connection, socket } = start();
    socket().open();
    socket().serverClose();
    connection.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
