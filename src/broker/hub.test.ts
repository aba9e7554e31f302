import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClientInfo } from './client-address.ts';
import type { ConversationStore } from './conversation-store.ts';
import { createHub, type Peer } from './hub.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { createMemoryStore } from './memory-store.ts';
import { createRefusalLog } from './refusals.ts';

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
  /** What was sent, parsed (test code: frames from the hub under test). */
  frames(): Record<string, unknown>[] {
    return this.sent.map((frame) => JSON.parse(frame) as Record<string, unknown>);
  }
}

const from = (address: string): ClientInfo => ({ address, key: address, untrustedForward: false });

/** Lets every queued hub task and store operation run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(limits: Partial<typeof DEFAULT_LIMITS> = {}, wrap: (store: ConversationStore) => ConversationStore = (s) => s) {
  let clock = 1_760_000_000_000;
  const lines: string[] = [];
  const all = { ...DEFAULT_LIMITS, ...limits };
  const now = () => clock;
  const log = (line: string) => void lines.push(line);
  const hub = createHub({
    limits: all,
    store: wrap(createMemoryStore(all, now)),
    log,
    refusals: createRefusalLog(log, now),
    onSession: () => undefined,
    now,
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
const heartbeat = (userId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId, ...extra });

describe('createHub', () => {
  it('forgets an idle conversation without sockets, and numbers it above every earlier id afterwards', async () => {
    const { hub, advance } = setup({ conversationIdleMs: 1_000 });
    const gone = randomUUID();
    const app = hub.addApplication(new FakePeer(), '10.0.0.1', 'bot');
    const before = new FakePeer();
    hub.addCustomer(before, from('10.0.0.2')).onFrame(heartbeat(gone));
    app.onFrame(outbound(gone, 'one'));
    await settle();
    const firstId = before.frames()[0]!['id'] as number;
    hub.dropCustomerSockets(gone);
    advance(1_001);
    hub.sweep();
    advance(1);
    const peer = new FakePeer();
    hub.addCustomer(peer, from('10.0.0.2')).onFrame(heartbeat(gone, { lastEventId: firstId }));
    app.onFrame(outbound(gone, 'two'));
    await settle();
    expect(peer.frames()).toEqual([expect.objectContaining({ text: 'two' })]);
    expect(peer.frames()[0]!['id']).toBeGreaterThan(firstId);
  });

  it('keeps a conversation that has an open socket, however idle', async () => {
    const { hub, advance } = setup({ conversationIdleMs: 1_000 });
    const here = randomUUID();
    const peer = new FakePeer();
    hub.addCustomer(peer, from('10.0.0.2')).onFrame(heartbeat(here));
    const app = hub.addApplication(new FakePeer(), '10.0.0.1', 'bot');
    app.onFrame(outbound(here, 'one'));
    await settle();
    advance(10_000);
    hub.sweep();
    await settle();
    app.onFrame(outbound(here, 'two'));
    await settle();
    const [one, two] = peer.frames().map((frame) => frame['id'] as number);
    expect(two).toBe(one! + 1);
    expect(hub.hasCustomer(here)).toBe(true);
  });

  it('cuts a reader whose queue is over the limit instead of buffering more', async () => {
    const { hub, lines } = setup({ maxBufferedBytes: 10 });
    const userId = randomUUID();
    const slow = new FakePeer();
    hub.addCustomer(slow, from('10.0.0.2')).onFrame(heartbeat(userId));
    await settle();
    slow.bufferedAmount = 11;
    hub.addApplication(new FakePeer(), '10.0.0.1', 'bot').onFrame(outbound(userId, 'hello'));
    await settle();
    expect(slow.terminated).toBe(true);
    expect(slow.sent).toEqual([]);
    expect(lines.some((line) => line.includes('slow reader'))).toBe(true);
  });

  it('ignores frames that arrive after it refused a socket', async () => {
    const { hub } = setup();
    const userId = randomUUID();
    const peer = new FakePeer();
    const customer = hub.addCustomer(peer, from('10.0.0.2'));
    customer.onFrame('{not json');
    expect(peer.closedWith?.[0]).toBe(1008);
    customer.onFrame(heartbeat(userId, { id: 'late' }));
    await settle();
    expect(peer.sent).toEqual([]);
    expect(hub.hasCustomer(userId)).toBe(false);
  });

  it('counts customer sockets, bound or not, until they close', () => {
    const { hub } = setup();
    const a = hub.addCustomer(new FakePeer(), from('10.0.0.2'));
    hub.addCustomer(new FakePeer(), from('10.0.0.2'));
    expect(hub.customerCount()).toBe(2);
    a.onClose(1000);
    expect(hub.customerCount()).toBe(1);
  });

  it('refuses a userId that is not a UUID, and logs no whole userId', async () => {
    const { hub, lines } = setup();
    const peer = new FakePeer();
    hub.addCustomer(peer, from('10.0.0.2')).onFrame(heartbeat('alice'));
    expect(peer.closedWith).toEqual([1008, expect.stringContaining('UUID')]);
    const userId = randomUUID();
    const ok = new FakePeer();
    const conn = hub.addCustomer(ok, from('10.0.0.2'));
    conn.onFrame(heartbeat(userId, { id: 'h' }));
    await settle();
    conn.onClose(1000);
    expect(ok.closedWith).toBeNull();
    expect(lines.join('\n')).not.toContain(userId);
    expect(lines.join('\n')).toContain(userId.slice(0, 8));
  });

  it('counts new conversations per client address key, not returning ones', async () => {
    const { hub, advance } = setup({ newChatsPerMinute: 2 });
    const bind = async (address: string, userId = randomUUID()) => {
      const peer = new FakePeer();
      hub.addCustomer(peer, from(address)).onFrame(heartbeat(userId, { id: randomUUID() }));
      await settle();
      return peer.closedWith?.[0] ?? 'open';
    };
    const returning = randomUUID();
    expect(await bind('a', returning)).toBe('open');
    expect(await bind('a')).toBe('open');
    expect(await bind('a')).toBe(1008);
    expect(await bind('a', returning)).toBe('open');
    expect(await bind('b')).toBe('open');
    advance(60_001);
    expect(await bind('a')).toBe('open');
  });

  it('keeps each conversation in order and its ids growing when the store answers late', async () => {
    // A store whose every answer takes a random while: only the hub's per-userId queue keeps the order.
    const slow = (store: ConversationStore): ConversationStore => {
      const later = <T>(value: Promise<T>) =>
        value.then((result) => new Promise<T>((resolve) => setTimeout(() => resolve(result), Math.random() * 5)));
      return {
        ...store,
        has: (userId) => later(store.has(userId)),
        touch: (userId) => later(store.touch(userId)),
        admit: (userId, sender, id) => later(store.admit(userId, sender, id)),
        appendOutbound: (userId, body, keep) => later(store.appendOutbound(userId, body, keep)),
        replay: (userId, after) => later(store.replay(userId, after)),
      };
    };
    const { hub } = setup({}, slow);
    const users = [randomUUID(), randomUUID()];
    const peers = users.map(() => new FakePeer());
    users.forEach((userId, i) => hub.addCustomer(peers[i]!, from('10.0.0.2')).onFrame(heartbeat(userId)));
    const appPeer = new FakePeer();
    const app = hub.addApplication(appPeer, '10.0.0.1', 'bot');
    for (let n = 0; n < 20; n++) for (const userId of users) app.onFrame(outbound(userId, `m${n}`));
    while (peers.some((peer) => peer.sent.length < 20)) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const peer of peers) {
      const frames = peer.frames();
      expect(frames.map((frame) => frame['text'])).toEqual(Array.from({ length: 20 }, (_, n) => `m${n}`));
      const ids = frames.map((frame) => frame['id'] as number);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
  });
});
