import { describe, expect, it } from 'vitest';
import { createHub, type Peer } from './hub.ts';
import { DEFAULT_LIMITS } from './limits.ts';

/** A socket stand-in that records what the hub sends and how it closes it. */
class FakePeer implements Peer {
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closedWith: [number, string] | null = null;
  terminated = false;
  send(data: string) {
    this.sent.push(data);
  }
  close(code: number, reason: string) {
    this.closedWith = [code, reason];
  }
  terminate() {
    this.terminated = true;
  }
}

function setup(limits: Partial<typeof DEFAULT_LIMITS> = {}) {
  let clock = 0;
  const lines: string[] = [];
  const hub = createHub({
    limits: { ...DEFAULT_LIMITS, ...limits },
    log: (line) => lines.push(line),
    onSession: () => undefined,
    now: () => clock,
  });
  return {
    hub,
    lines,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const outbound = (userId: string, text: string) => JSON.stringify({ type: 'info', direction: 'outbound', userId, text });

describe('createHub', () => {
  it('forgets an idle conversation without sockets, so its numbering starts again', () => {
    const { hub, advance } = setup({ conversationIdleMs: 1_000 });
    const app = hub.addApplication(new FakePeer(), '10.0.0.1');
    app.onFrame(outbound('gone', 'one'));
    advance(1_001);
    hub.sweep();
    const peer = new FakePeer();
    const customer = hub.addCustomer(peer, '10.0.0.2');
    customer.onFrame(JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId: 'gone', lastEventId: 0 }));
    app.onFrame(outbound('gone', 'two'));
    expect(peer.sent.map((frame) => JSON.parse(frame) as { text: string; id: number })).toEqual([
      expect.objectContaining({ text: 'two', id: 1 }),
    ]);
  });

  it('keeps a conversation that has an open socket, however idle', () => {
    const { hub, advance } = setup({ conversationIdleMs: 1_000 });
    const peer = new FakePeer();
    hub.addCustomer(peer, '10.0.0.2').onFrame(JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId: 'here' }));
    const app = hub.addApplication(new FakePeer(), '10.0.0.1');
    app.onFrame(outbound('here', 'one'));
    advance(10_000);
    hub.sweep();
    app.onFrame(outbound('here', 'two'));
    expect(peer.sent.map((frame) => (JSON.parse(frame) as { id: number }).id)).toEqual([1, 2]);
    expect(hub.hasCustomer('here')).toBe(true);
  });

  it('cuts a reader whose queue is over the limit instead of buffering more', () => {
    const { hub, lines } = setup({ maxBufferedBytes: 10 });
    const slow = new FakePeer();
    hub.addCustomer(slow, '10.0.0.2').onFrame(JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId: 'u' }));
    slow.bufferedAmount = 11;
    hub.addApplication(new FakePeer(), '10.0.0.1').onFrame(outbound('u', 'hello'));
    expect(slow.terminated).toBe(true);
    expect(slow.sent).toEqual([]);
    expect(lines.some((line) => line.includes('slow reader'))).toBe(true);
  });

  it('ignores frames that arrive after it refused a socket', () => {
    const { hub } = setup();
    const peer = new FakePeer();
    const customer = hub.addCustomer(peer, '10.0.0.2');
    customer.onFrame('{not json');
    expect(peer.closedWith?.[0]).toBe(1008);
    customer.onFrame(JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId: 'u', id: 'late' }));
    expect(peer.sent).toEqual([]);
    expect(hub.hasCustomer('u')).toBe(false);
  });

  it('counts customer sockets, bound or not, until they close', () => {
    const { hub } = setup();
    const a = hub.addCustomer(new FakePeer(), '10.0.0.2');
    hub.addCustomer(new FakePeer(), '10.0.0.2');
    expect(hub.customerCount()).toBe(2);
    a.onClose(1000);
    expect(hub.customerCount()).toBe(1);
  });
});
