import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECT_TIMEOUT_MS, UNREACHABLE_MS, createReconnectingSocket, type LinkStatus } from './reconnecting-socket.ts';
import { createFakeSocket } from './fake-socket.ts';

function setup(maxDelay?: () => number) {
  const fake = createFakeSocket();
  const log: string[] = [];
  const statuses: LinkStatus[] = [];
  const connection = createReconnectingSocket({
    url: 'ws://broker.test/ws',
    WebSocketImpl: fake.WebSocketImpl,
    random: () => 0,
    onOpen: () => log.push('open'),
    onMessage: (text) => log.push(`message ${text}`),
    onClose: () => log.push('close'),
    onStatus: (s) => statuses.push(s),
    ...(maxDelay ? { maxDelay } : {}),
  });
  return { fake, log, statuses, connection };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createReconnectingSocket', () => {
  it('opens one socket to the URL and reports online', () => {
    const { fake, log, statuses, connection } = setup();
    connection.start();
    expect(fake.sockets).toHaveLength(1);
    expect(fake.last().url).toBe('ws://broker.test/ws');
    expect(connection.send('early')).toBe(false);
    fake.last().open();
    expect(connection.send('now')).toBe(true);
    expect(log).toEqual(['open']);
    expect(statuses).toEqual(['online']); // `connecting` until then is where every link starts
    connection.stop();
  });

  it('delivers text frames and writes only to an open socket', () => {
    const { fake, log, connection } = setup();
    connection.start();
    expect(connection.send('early')).toBe(false);
    fake.last().open();
    fake.last().receive('hello');
    expect(connection.send('x')).toBe(true);
    expect(fake.last().sent).toEqual(['x']);
    expect(log).toEqual(['open', 'message hello']);
    connection.stop();
  });

  it('gives the socket up at once when the network goes away, and retries', () => {
    const { fake, log, statuses, connection } = setup();
    connection.start();
    const first = fake.last();
    first.open();
    connection.drop();
    expect(first.readyState).toBe(3);
    expect(connection.send('gone')).toBe(false);
    expect(log).toEqual(['open', 'close']);
    expect(statuses.at(-1)).toBe('reconnecting');
    // The dropped socket's own late close event changes nothing.
    first.serverClose();
    expect(log).toEqual(['open', 'close']);
    vi.advanceTimersByTime(1_000);
    expect(fake.sockets).toHaveLength(2);
    connection.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reconnects with backoff after a loss, first retry under a second', () => {
    const { fake, log, statuses, connection } = setup();
    connection.start();
    fake.last().open();
    fake.last().serverClose();
    expect(log).toEqual(['open', 'close']);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(249);
    expect(fake.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.sockets).toHaveLength(2);
    fake.last().fail();
    vi.advanceTimersByTime(499);
    expect(fake.sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(fake.sockets).toHaveLength(3);
    fake.last().open();
    expect(statuses.at(-1)).toBe('online');
    connection.stop();
  });

  it('starts the backoff over once a socket opened and received a frame', () => {
    const { fake, connection } = setup();
    connection.start();
    for (let i = 0; i < 4; i++) {
      fake.last().fail();
      vi.runOnlyPendingTimers();
    }
    fake.last().open();
    fake.last().receive('{"type":"ack","id":"a"}');
    const before = fake.sockets.length;
    // Dropped a moment later: the first delay again (250 ms with random 0), not the fifth (4 s).
    fake.last().serverClose();
    vi.advanceTimersByTime(249);
    expect(fake.sockets).toHaveLength(before);
    vi.advanceTimersByTime(1);
    expect(fake.sockets).toHaveLength(before + 1);
    connection.stop();
  });

  it('keeps growing the backoff for sockets that open but never answer', () => {
    const { fake, connection } = setup();
    connection.start();
    fake.last().open();
    fake.last().serverClose(); // retry 0: 250 ms
    vi.advanceTimersByTime(250);
    fake.last().open();
    fake.last().serverClose(); // retry 1: 500 ms
    vi.advanceTimersByTime(250);
    expect(fake.sockets).toHaveLength(2);
    vi.advanceTimersByTime(250);
    expect(fake.sockets).toHaveLength(3);
    connection.stop();
  });

  it('never waits longer than maxDelay() between attempts', () => {
    let cap = 5_000;
    const { fake, connection } = setup(() => cap);
    connection.start();
    const gaps: number[] = [];
    for (let i = 0; i < 12; i++) {
      fake.last().fail();
      const count = fake.sockets.length;
      let waited = 0;
      while (fake.sockets.length === count) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      gaps.push(waited);
    }
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5_000);
    expect(gaps.at(-1)).toBe(2_500); // equal jitter with random 0: half the 5 s cap
    // The cap is asked at each loss: with nothing waiting, the 30 s cap applies again.
    cap = 30_000;
    fake.last().fail();
    vi.advanceTimersByTime(14_999);
    const count = fake.sockets.length;
    vi.advanceTimersByTime(1);
    expect(fake.sockets).toHaveLength(count + 1);
    connection.stop();
  });

  it('is unreachable at once when no socket of the run ever opened (a wrong URL or key, a broker down)', () => {
    const { fake, statuses, connection } = setup();
    connection.start();
    expect(statuses).toEqual([]);
    fake.last().fail();
    expect(statuses).toEqual(['unreachable']);
    vi.advanceTimersByTime(250);
    fake.last().open();
    expect(statuses.at(-1)).toBe('online');
    connection.stop();
  });

  it('after a working socket, is unreachable only after ten seconds without one, however fast attempts fail', () => {
    const { fake, statuses, connection } = setup();
    connection.start();
    fake.last().open();
    fake.last().serverClose();
    for (let waited = 0; waited < UNREACHABLE_MS - 1_000; waited += 1_000) {
      if (fake.last().readyState === 0) fake.last().fail();
      vi.advanceTimersByTime(1_000);
    }
    expect(fake.sockets.length).toBeGreaterThan(3);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(1_000);
    expect(statuses.at(-1)).toBe('unreachable');
    if (fake.last().readyState === 0) fake.last().fail();
    connection.wake();
    fake.last().open();
    expect(statuses.at(-1)).toBe('online');
    connection.stop();
  });

  it('is unreachable after ten seconds without a working socket', () => {
    const { fake, statuses, connection } = setup();
    connection.start();
    fake.last().open();
    fake.last().serverClose();
    vi.advanceTimersByTime(UNREACHABLE_MS - 1);
    expect(statuses.at(-1)).toBe('reconnecting');
    vi.advanceTimersByTime(1);
    expect(statuses.at(-1)).toBe('unreachable');
    connection.stop();
  });

  it('abandons a socket that never opens and ignores its late events', () => {
    const { fake, log, connection } = setup();
    connection.start();
    const stuck = fake.last();
    vi.advanceTimersByTime(CONNECT_TIMEOUT_MS);
    expect(stuck.closedByClient).toBeDefined();
    vi.advanceTimersByTime(250);
    expect(fake.sockets).toHaveLength(2);
    fake.last().open();
    fake.last().receive('fresh');
    expect(log).toEqual(['open', 'message fresh']);
    connection.stop();
  });

  it('ignores every event of an orphaned socket', () => {
    const { fake, log, connection } = setup();
    connection.start();
    const first = fake.last();
    connection.stop();
    connection.start();
    const second = fake.last();
    expect(second).not.toBe(first);
    // The old socket "opens" and talks: nothing may reach the owner.
    first.readyState = 0;
    first.open();
    first.receive('stale');
    first.serverClose();
    expect(log).toEqual([]);
    second.open();
    expect(log).toEqual(['open']);
    connection.stop();
  });

  it('wake() skips the remaining backoff wait', () => {
    const { fake, connection } = setup();
    connection.start();
    for (let i = 0; i < 6; i++) {
      fake.last().fail();
      vi.runOnlyPendingTimers();
    }
    fake.last().fail();
    const count = fake.sockets.length;
    connection.wake();
    expect(fake.sockets).toHaveLength(count + 1);
    connection.wake(); // already connecting: no second socket
    expect(fake.sockets).toHaveLength(count + 1);
    connection.stop();
  });

  it('ignores binary frames', () => {
    const { fake, log, connection } = setup();
    connection.start();
    fake.last().open();
    fake.last().dispatchEvent(new MessageEvent('message', { data: new ArrayBuffer(2) }));
    expect(log).toEqual(['open']);
    connection.stop();
  });

  it('stop() closes the socket and leaves no timer', () => {
    const { fake, connection } = setup();
    connection.start();
    fake.last().open();
    fake.last().serverClose();
    vi.runOnlyPendingTimers();
    fake.last().open();
    connection.stop();
    expect(fake.last().closedByClient).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
