import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as format1 from '../../protocol/format1.ts';
import { parseCustomerFrame, refusalText, type Format1, type InboundEvent, type OutboundEvent } from '../../protocol/index.ts';
import { createMemoryStorage } from '../platform/memory-storage.ts';
import { createStore, type KeyValueStore } from '../platform/storage.ts';
import { BACKOFF_WAITING_CAP_MS } from '../../connection/backoff.ts';
import { createFakeSocket, type FakeSocket } from '../../connection/fake-socket.ts';
import { PACE_MS, PROOF_MS, type OutboxEntry } from './outbox.ts';
import { OUTBOX_KEY } from './outbox.ts';
import { createTransport, type Conversation } from './transport.ts';

const USER = 'u-1';

class FakeWindow extends EventTarget {
  readonly document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
}

interface Setup {
  store?: KeyValueStore;
  lastEventId?: number;
  resuming?: boolean;
  random?: () => number;
  protocol?: 1 | 2;
  /** How wire format 1 loads (default: at once, from the module). */
  loadFormat1?: () => Promise<Format1>;
}

function setup(options: Setup = {}) {
  const fake = createFakeSocket();
  const win = new FakeWindow();
  const store = options.store ?? createStore(() => createMemoryStorage());
  const events: OutboundEvent[] = [];
  const delivered: string[] = [];
  let dropped = 0;
  let n = 0;
  const conversation: Conversation = {
    userId: USER,
    store,
    lastEventId: options.lastEventId ?? 0,
    resuming: options.resuming ?? false,
    sendsStart: true,
    onEvent: (event) => events.push(event),
    onDelivered: (id) => delivered.push(id),
    onDropped: () => {
      dropped += 1;
    },
  };
  const transport = createTransport(conversation, {
    url: 'ws://broker.test/ws',
    format1: options.protocol === 1 ? format1 : undefined,
    loadFormat1: options.loadFormat1 ?? (async () => format1),
    heartbeatMs: 10_000,
    WebSocketImpl: fake.WebSocketImpl,
    random: options.random ?? (() => 0),
    randomUUID: () => `hb-${++n}`,
    window: win,
  });
  return { fake, win, store, transport, events, delivered, dropped: () => dropped };
}

/** What a socket was sent, parsed back (an invalid frame fails the test), as short labels. */
function sent(socket: FakeSocket): InboundEvent[] {
  return socket.sent.map((frame) => {
    const parsed = parseCustomerFrame(frame);
    if (!parsed.ok) throw new Error(`sent an invalid frame (${refusalText(parsed.reason)}): ${frame}`);
    return parsed.event;
  });
}
const label = (e: InboundEvent) =>
  e.type === 'text' ? e.text : e.type === 'heartbeat' && e.lastEventId !== undefined ? `heartbeat@${e.lastEventId}` : e.type;
const labels = (socket: FakeSocket) => sent(socket).map(label);

const startEntry: OutboxEntry = { type: 'start', direction: 'inbound', userId: USER, id: 'start-1', params: {} };
const textEntry = (text: string): OutboxEntry => ({ type: 'text', direction: 'inbound', userId: USER, id: `t-${text}`, text });
const ack = (id: string) => JSON.stringify({ type: 'ack', id });
const agent = (id: number, text = `a${id}`) => JSON.stringify({ type: 'text', direction: 'outbound', userId: USER, text, id });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createTransport: frame order on every socket (DESIGN §4)', () => {
  it("new conversation: start, then a heartbeat without lastEventId, then the texts; each later socket: the heartbeat with lastEventId first", () => {
    const { fake, transport } = setup();
    transport.enqueue(startEntry);
    transport.enqueue(textEntry('one'));
    transport.enqueue(textEntry('two'));
    transport.start();
    let socket = fake.last();
    socket.open();
    vi.advanceTimersByTime(PACE_MS * 2);
    expect(labels(socket)).toEqual(['start', 'heartbeat', 'one', 'two']);
    socket.receive(ack('start-1'));
    socket.receive(agent(7));
    socket.serverClose(); // 'one' and 'two' never acked
    transport.enqueue(textEntry('three'));
    for (let round = 0; round < 3; round++) {
      socket = fake.last();
      socket.open();
      vi.advanceTimersByTime(PACE_MS * 3);
      // The resend of waiting texts never comes before the heartbeat that says where to resume.
      expect(labels(socket)).toEqual(['heartbeat@7', 'one', 'two', 'three']);
      socket.serverClose();
      vi.advanceTimersByTime(BACKOFF_WAITING_CAP_MS);
    }
    transport.dispose();
  });

  it('a start the broker never acked goes first again on the next socket, before the heartbeat', () => {
    const { fake, transport } = setup();
    transport.enqueue(startEntry);
    transport.enqueue(textEntry('one'));
    transport.start();
    fake.last().open();
    fake.last().serverClose(1009); // refused before any ack
    vi.advanceTimersByTime(500);
    const socket = fake.last();
    socket.open();
    vi.advanceTimersByTime(PACE_MS);
    expect(labels(socket)).toEqual(['start', 'heartbeat@0', 'one']);
    transport.dispose();
  });

  it('after a reload: the first heartbeat resumes from the id the log holds, before the outbox', () => {
    const store = createStore(() => createMemoryStorage());
    store.set(OUTBOX_KEY, JSON.stringify(textEntry('waiting')));
    const { fake, transport } = setup({ store, resuming: true, lastEventId: 1_800_000_000_000_123 });
    transport.start();
    fake.last().open();
    expect(labels(fake.last())).toEqual(['heartbeat@1800000000000123', 'waiting']);
    transport.dispose();
  });

  it('speaks wire format 1 when configured, lastEventId in raw', () => {
    const { fake, transport } = setup({ protocol: 1, resuming: true, lastEventId: 5 });
    transport.start();
    fake.last().open();
    expect(JSON.parse(fake.last().sent[0]!)).toMatchObject({ type: 'heartbeat', platform: 'webchat', text: 'beat', raw: { lastEventId: 5 } });
    transport.dispose();
  });
});

describe('createTransport: delivery (DESIGN §4.3)', () => {
  it('against an acking broker an entry is delivered by its ack only', () => {
    const { fake, transport, delivered } = setup();
    transport.enqueue(startEntry);
    transport.start();
    fake.last().open();
    fake.last().receive(ack('start-1'));
    transport.enqueue(textEntry('one'));
    vi.advanceTimersByTime(PROOF_MS * 3);
    expect(delivered).toEqual(['start-1']);
    fake.last().receive(ack('t-one'));
    expect(delivered).toEqual(['start-1', 't-one']);
    expect(transport.pending()).toEqual([]);
    transport.dispose();
  });

  it('against a broker that never acks, an entry is delivered once its socket stayed open PROOF_MS', () => {
    const { fake, transport, delivered } = setup();
    transport.enqueue(startEntry);
    transport.start();
    fake.last().open();
    vi.advanceTimersByTime(PROOF_MS - 1);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual(['start-1']);
    transport.dispose();
  });

  it('drops replayed outbound ids, counts frames for another userId and garbage, and passes the rest on', () => {
    const { fake, transport, events, dropped } = setup({ lastEventId: 2, resuming: true });
    transport.start();
    fake.last().open();
    fake.last().receive(agent(1));
    fake.last().receive(agent(2));
    fake.last().receive(agent(3));
    fake.last().receive(JSON.stringify({ type: 'info', direction: 'outbound', userId: USER, text: 'no id' }));
    fake.last().receive(agent(3));
    fake.last().receive(JSON.stringify({ type: 'text', direction: 'outbound', userId: 'someone-else', text: 'x', id: 9 }));
    fake.last().receive('not json');
    fake.last().receive(JSON.stringify({ type: 'error', reason: 'nope' }));
    expect(events.map((e) => (e.type === 'text' || e.type === 'info' ? e.text : e.type))).toEqual(['a3', 'no id']);
    expect(dropped()).toBe(3);
    transport.dispose();
  });
});

describe('createTransport: reconnecting (DESIGN §4.3)', () => {
  /** Fails sockets until the gap before the next attempt is known; returns the gaps in ms. */
  function gapsWhileFailing(fake: ReturnType<typeof createFakeSocket>, count: number): number[] {
    const gaps: number[] = [];
    for (let i = 0; i < count; i++) {
      fake.last().fail();
      const sockets = fake.sockets.length;
      let waited = 0;
      while (fake.sockets.length === sockets && waited < 60_000) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      gaps.push(waited);
    }
    return gaps;
  }

  it('retries within 1 s of a loss, and a socket that worked starts the backoff over', () => {
    const { fake, transport } = setup({ random: () => 0.999 });
    transport.start();
    const gaps = gapsWhileFailing(fake, 5);
    expect(gaps[0]).toBeLessThanOrEqual(1_000);
    expect(gaps[4]).toBeGreaterThan(5_000); // grown: nothing waits, so up to 30 s
    fake.last().open(); // opened and received a frame: it works
    fake.last().receive(ack('x'));
    fake.last().serverClose();
    const count = fake.sockets.length;
    vi.advanceTimersByTime(500);
    expect(fake.sockets).toHaveLength(count + 1);
    transport.dispose();
  });

  it('never waits more than 5 s between attempts while the outbox holds anything', () => {
    const { fake, transport } = setup({ random: () => 0.999 });
    transport.enqueue(textEntry('waiting'));
    transport.start();
    const gaps = gapsWhileFailing(fake, 12);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(BACKOFF_WAITING_CAP_MS);
    transport.dispose();
  });

  it('queueing an event, the browser going online and the tab becoming visible try at once', () => {
    const { fake, transport, win } = setup({ random: () => 0.999 });
    transport.start();
    gapsWhileFailing(fake, 6); // now waiting about 30 s
    fake.last().fail();
    let count = fake.sockets.length;
    transport.enqueue(textEntry('hello'));
    expect(fake.sockets).toHaveLength(++count);
    fake.last().fail();
    win.dispatchEvent(new Event('online'));
    expect(fake.sockets).toHaveLength(++count);
    fake.last().fail();
    win.document.visibilityState = 'hidden';
    win.document.dispatchEvent(new Event('visibilitychange'));
    expect(fake.sockets).toHaveLength(count);
    win.document.visibilityState = 'visible';
    win.document.dispatchEvent(new Event('visibilitychange'));
    expect(fake.sockets).toHaveLength(++count);
    transport.dispose();
  });

  it('going offline gives the socket up at once and shows reconnecting', () => {
    const { fake, transport, win } = setup();
    transport.start();
    fake.last().open();
    expect(transport.status.value).toBe('online');
    win.dispatchEvent(new Event('offline'));
    expect(fake.last().closedByClient).toBeDefined();
    expect(transport.status.value).toBe('reconnecting');
    transport.dispose();
  });
});

describe('createTransport: ending', () => {
  it('finish() delivers what waits (from memory after forget()), then closes; nothing is received meanwhile', () => {
    const { fake, transport, events, store } = setup();
    transport.enqueue(startEntry);
    transport.start();
    fake.last().open();
    fake.last().receive(ack('start-1'));
    fake.last().serverClose();
    const left: OutboxEntry = { type: 'client_left', direction: 'inbound', userId: USER, id: 'left-1', text: 'bye', at: '2026-01-01T00:00:00.000Z' };
    transport.enqueue(left);
    transport.forget();
    transport.finish();
    expect(store.get(OUTBOX_KEY)).toBeNull();
    vi.advanceTimersByTime(BACKOFF_WAITING_CAP_MS);
    const socket = fake.last();
    socket.open();
    expect(labels(socket)).toEqual(['heartbeat@0', 'client_left']);
    socket.receive(agent(4));
    expect(events).toEqual([]);
    socket.receive(ack('left-1'));
    expect(socket.closedByClient).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('finish() with nothing waiting never opens a socket', () => {
    const { fake, transport } = setup();
    transport.finish();
    expect(fake.sockets).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('dispose() closes the socket and leaves no timer or listener', () => {
    const { fake, transport, win } = setup();
    transport.enqueue(textEntry('x'));
    transport.start();
    fake.last().open();
    transport.enqueue(textEntry('y'));
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    transport.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.last().closedByClient).toBe(1000);
    win.dispatchEvent(new Event('online'));
    win.document.dispatchEvent(new Event('visibilitychange'));
    expect(fake.sockets).toHaveLength(1);
  });
});

describe('createTransport: wire format 1 on demand (DESIGN §4, §8)', () => {
  /** A loader of wire format 1 the test answers: each call waits until `succeed()` or `fail()`. */
  function controlledLoader() {
    const waiting: { resolve: (loaded: Format1) => void; reject: (error: Error) => void }[] = [];
    return {
      load: () => new Promise<Format1>((resolve, reject) => waiting.push({ resolve, reject })),
      calls: () => waiting.length,
      async succeed() {
        for (const call of waiting.splice(0)) call.resolve(format1);
        await Promise.resolve();
      },
      async fail() {
        for (const call of waiting.splice(0)) call.reject(new Error('chunk not loaded'));
        await Promise.resolve();
      },
    };
  }
  /** An agent text in format 1 (seed 000), with the broker's id. */
  const agentV1 = (id: number, text = `v1-${id}`) => JSON.stringify({ type: 'text', platform: 'webchat', user: { id: USER }, text, raw: { message: text }, id });
  const texts = (events: OutboundEvent[]) => events.map((e) => (e.type === 'text' ? e.text : e.type));

  it('a format 2 conversation never loads format 1', () => {
    const loader = controlledLoader();
    const { fake, transport, events } = setup({ loadFormat1: loader.load });
    transport.start();
    fake.last().open();
    fake.last().receive(agent(1));
    fake.last().receive(ack('nothing'));
    fake.last().receive('not json');
    expect(texts(events)).toEqual(['a1']);
    expect(loader.calls()).toBe(0);
    transport.dispose();
  });

  it('a frame in format 1 loads it, and it and every frame after it but an ack wait, in order, until it is in', async () => {
    const loader = controlledLoader();
    const { fake, transport, events, dropped } = setup({ loadFormat1: loader.load });
    transport.enqueue(textEntry('one'));
    transport.start();
    const socket = fake.last();
    socket.open();
    socket.receive(agent(1));
    socket.receive(agentV1(2));
    socket.receive(agent(3));
    socket.receive(ack('t-one'));
    socket.receive('not json');
    socket.receive(agentV1(4));
    expect(texts(events)).toEqual(['a1']);
    // The ack did not wait: the text is delivered, not "Sending…" for as long as format 1 takes.
    expect(transport.pending()).toEqual([]);
    expect(dropped()).toBe(0);
    expect(loader.calls()).toBeGreaterThan(0);
    await loader.succeed();
    expect(texts(events)).toEqual(['a1', 'v1-2', 'a3', 'v1-4']);
    expect(dropped()).toBe(1);
    // Once in, frames in either format are read at once; frames are still written in format 2.
    socket.receive(agentV1(5));
    socket.receive(agent(6));
    expect(texts(events)).toEqual(['a1', 'v1-2', 'a3', 'v1-4', 'v1-5', 'a6']);
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({ type: 'heartbeat', direction: 'inbound' });
    transport.dispose();
  });

  it('a load that failed loses no frame: the next frame asks again, and then all come in order', async () => {
    const loader = controlledLoader();
    const { fake, transport, events } = setup({ loadFormat1: loader.load });
    transport.start();
    const socket = fake.last();
    socket.open();
    socket.receive(agentV1(1));
    socket.receive(agent(2));
    await loader.fail();
    expect(texts(events)).toEqual([]);
    socket.receive(agent(3));
    expect(texts(events)).toEqual([]);
    await loader.succeed();
    expect(texts(events)).toEqual(['v1-1', 'a2', 'a3']);
    transport.dispose();
  });

  it('disposed while it loads: nothing more is passed on, and no timer or listener is left', async () => {
    const loader = controlledLoader();
    const { fake, transport, events, win } = setup({ loadFormat1: loader.load });
    transport.start();
    fake.last().open();
    fake.last().receive(agentV1(1));
    transport.dispose();
    await loader.succeed();
    expect(events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    win.dispatchEvent(new Event('online'));
    expect(fake.sockets).toHaveLength(1);
  });
});
