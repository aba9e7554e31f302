/**
 * The chat wired to its transport as main.tsx wires them, over FakeSockets: the whole path from the
 * customer's action to the frames on each socket, across reconnects and reloads (DESIGN §4, §4.3).
 */
import { describe, expect, it, vi } from 'vitest';
import type { InboundEvent } from '../protocol/index.ts';
import { BACKOFF_WAITING_CAP_MS } from '../connection/backoff.ts';
import type { FakeSocket } from '../connection/fake-socket.ts';
import { PACE_MS } from './connection/outbox.ts';
import { createMemoryStorage } from './platform/memory-storage.ts';
import { LOG_KEY } from './state/log.ts';
import { frame1, frame2, sentEvents, setupChat, useFixedClock } from './state/test-kit.ts';

const USER = 'id-1';
const ack = (id: string | undefined) => JSON.stringify({ type: 'ack', id });
const label = (e: InboundEvent) => (e.type === 'text' ? e.text : e.type === 'heartbeat' && e.lastEventId !== undefined ? `heartbeat@${e.lastEventId}` : e.type);
const labels = (socket: FakeSocket) => sentEvents(socket).map(label);
/** The broker acks everything a socket was sent so far. */
const ackAll = (socket: FakeSocket) => {
  for (const event of sentEvents(socket)) socket.receive(ack(event.id));
};

useFixedClock();

describe('the chat and its transport', () => {
  it('sends start, heartbeat, then texts on the first socket; the heartbeat first on every later one and after a reload', () => {
    const first = setupChat();
    first.chat.send('one');
    let socket = first.fake.last();
    socket.open();
    vi.advanceTimersByTime(PACE_MS);
    expect(labels(socket)).toEqual(['start', 'heartbeat', 'one']);
    ackAll(socket);
    socket.receive(frame2(USER, 'text', { text: 'agent', agent: { id: 'a1' }, id: 41 }));
    first.chat.send('two');
    first.chat.send('three');
    socket.serverClose(); // 'two' written, not acked; 'three' not written
    vi.advanceTimersByTime(1_000);
    socket = first.fake.last();
    socket.open();
    vi.advanceTimersByTime(PACE_MS);
    expect(labels(socket)).toEqual(['heartbeat@41', 'two', 'three']);
    const ids = sentEvents(socket).filter((e) => e.type === 'text').map((e) => e.id);
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();

    // A reload: the same texts, same ids, after the heartbeat that resumes; no second start.
    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.messages.value.map((m) => [m.text, m.kind === 'customer' && m.status])).toEqual([
      ['one', 'sent'],
      ['agent', false],
      ['two', 'pending'],
      ['three', 'pending'],
    ]);
    const again = reloaded.fake.last();
    again.open();
    vi.advanceTimersByTime(PACE_MS);
    expect(labels(again)).toEqual(['heartbeat@41', 'two', 'three']);
    expect(sentEvents(again).filter((e) => e.type === 'text').map((e) => e.id)).toEqual(ids);
    ackAll(again);
    expect(reloaded.chat.messages.value.every((m) => m.kind !== 'customer' || m.status === 'sent')).toBe(true);
    reloaded.chat.dispose();
  });

  it('keeps 16-digit outbound ids (issue 12) across a reload, and drops their replay', () => {
    const first = setupChat();
    const socket = first.fake.last();
    socket.open();
    ackAll(socket);
    const id = 1_800_000_000_000_001;
    socket.receive(frame2(USER, 'text', { text: 'one', agent: { id: 'a1' }, id }));
    socket.receive(frame2(USER, 'text', { text: 'two', agent: { id: 'a1' }, id: id + 1 }));
    first.win.dispatchEvent(new Event('pagehide'));
    first.chat.dispose();
    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    const again = reloaded.fake.last();
    again.open();
    expect(labels(again)).toEqual([`heartbeat@${id + 1}`]);
    again.receive(frame2(USER, 'text', { text: 'two', agent: { id: 'a1' }, id: id + 1 }));
    again.receive(frame2(USER, 'text', { text: 'three', agent: { id: 'a1' }, id: id + 2 }));
    expect(reloaded.chat.messages.value.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    reloaded.chat.dispose();
  });

  it('a client_left made while offline is delivered once a socket is back, then the socket closes', () => {
    const { chat, fake, win } = setupChat();
    let socket = fake.last();
    socket.open();
    ackAll(socket);
    win.dispatchEvent(new Event('offline'));
    chat.endChat();
    expect(chat.ended.value).toBe('customer'); // ended on screen at once
    vi.advanceTimersByTime(BACKOFF_WAITING_CAP_MS);
    socket = fake.last();
    socket.open();
    expect(labels(socket)).toEqual(['heartbeat@0', 'client_left']);
    ackAll(socket);
    expect(socket.closedByClient).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
    chat.dispose();
  });

  it('after end_session, a text still waiting is delivered before the socket closes', () => {
    const { chat, fake } = setupChat();
    const socket = fake.last();
    socket.open();
    ackAll(socket);
    chat.send('last words');
    vi.advanceTimersByTime(PACE_MS);
    socket.receive(frame2(USER, 'end_session', { id: 1 }));
    expect(chat.ended.value).toBe('agent');
    expect(socket.closedByClient).toBeUndefined();
    ackAll(socket);
    expect(socket.closedByClient).toBe(1000);
    chat.dispose();
  });

  it('never shows frames for another userId, and counts them', () => {
    const { chat, fake } = setupChat();
    fake.last().open();
    fake.last().receive(frame2('someone-else', 'text', { text: 'not for you', agent: { id: 'a1' } }));
    fake.last().receive(frame2('someone-else', 'queue_number', { queueNumber: 4 }));
    expect(chat.messages.value).toEqual([]);
    expect(chat.queue.value).toBeNull();
    expect(chat.droppedFrames.value).toBe(2);
    chat.dispose();
  });

  it('speaks wire format 1 when configured', () => {
    const { chat, fake } = setupChat({ config: { protocol: 1 } });
    fake.last().open();
    chat.send('Hej');
    vi.advanceTimersByTime(PACE_MS);
    const frames = fake.last().sent.map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(frames[0]).toMatchObject({ type: 'start', platform: 'webchat', user: { id: USER }, raw: { params: { queue: 'billing' } } });
    expect(frames[1]).toMatchObject({ type: 'heartbeat', platform: 'webchat', text: 'beat', raw: {} });
    expect(frames[2]).toMatchObject({ type: 'text', platform: 'webchat', text: 'Hej', raw: { text: 'Hej', type: 'text', platformId: 'webchat' } });
    expect(frames.every((f) => typeof f.id === 'string')).toBe(true);
    chat.dispose();
  });
});

describe('the chat and its transport: wire format 1 received (DESIGN §4: both formats, always; §8: on demand)', () => {
  const IMAGE = 'data:image/png;base64,iVBORw0KGgo=';
  const ANNA = { id: 'anna01', name: 'Anna', type: 'human' };
  /** Until the transport has format 1 (test-kit's loader answers at once, but after the frame came). */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('shows frames in format 1 in their order among format 2 ones, and again after a reload, whatever the protocol', async () => {
    for (const protocol of [2, 1] as const) {
      const first = setupChat({ config: { protocol } });
      const socket = first.fake.last();
      socket.open();
      ackAll(socket);
      socket.receive(frame1(USER, 'queue_number', { text: '3' }));
      socket.receive(frame2(USER, 'text', { text: 'format 2 first', agent: ANNA, id: 1 }));
      socket.receive(frame1(USER, 'text', { text: 'Bifogad bild:', id: 2 }, { message: 'Bifogad bild:', agent: ANNA, data: { image: IMAGE } }));
      socket.receive(frame2(USER, 'text', { text: 'format 2 after', agent: ANNA, id: 3 }));
      socket.receive(frame1(USER, 'agent_done', { text: 'Done for now', id: 4 }, { message: 'Done for now', agent: ANNA }));
      await settle();
      const shown = first.chat.messages.value;
      expect(shown.map((m) => m.text)).toEqual(['format 2 first', 'Bifogad bild:', 'format 2 after', 'Done for now']);
      expect(shown[1]).toMatchObject({ kind: 'agent', imageUrl: IMAGE });
      first.win.dispatchEvent(new Event('pagehide'));
      first.chat.dispose();

      // Read back at once, with format 1 or without it (a protocol=2 page has not loaded it).
      const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload', config: { protocol } });
      expect(reloaded.chat.messages.value).toEqual(shown);
      reloaded.fake.last().open();
      expect(labels(reloaded.fake.last())).toEqual(['heartbeat@4']);
      reloaded.chat.dispose();
    }
  });

  it('a log stored before, with frames in format 1 as they came, comes back with protocol=1', () => {
    const storage = createStoredLog([
      `${Date.now()} e1 ${frame1(USER, 'text', { text: 'Hej', id: 1 }, { message: 'Hej', agent: ANNA })}`,
      `${Date.now()} e2 ${frame1(USER, 'text', { text: 'Bild', id: 2 }, { message: 'Bild', agent: ANNA, data: { image: IMAGE } })}`,
      `${Date.now()} e3 ${frame2(USER, 'text', { text: 'Format 2', agent: ANNA, id: 3 })}`,
    ]);
    const withFormat1 = setupChat({ storage, config: { protocol: 1 } });
    expect(withFormat1.chat.messages.value.map((m) => [m.text, m.kind === 'agent' ? m.imageUrl : undefined])).toEqual([
      ['Hej', undefined],
      ['Bild', IMAGE],
      ['Format 2', undefined],
    ]);
    withFormat1.chat.dispose();
    // With protocol=2 format 1 is not loaded before the log is read: such lines are left out (the broker's
    // replay, from the highest id read, brings what came after).
    const withoutFormat1 = setupChat({ storage: createStoredLog([`${Date.now()} e1 ${frame1(USER, 'text', { text: 'Hej', id: 1 }, { message: 'Hej', agent: ANNA })}`]) });
    expect(withoutFormat1.chat.messages.value).toEqual([]);
    withoutFormat1.chat.dispose();
  });
});

/** A storage holding the conversation USER's log, written the way the widget stores it: the head, then one segment of `lines`. */
function createStoredLog(lines: string[]): Storage {
  const storage = createMemoryStorage();
  storage.setItem(`${LOG_KEY}.0`, lines.join('\n'));
  storage.setItem(LOG_KEY, `${USER} 0  ${Date.now()}`);
  return storage;
}
