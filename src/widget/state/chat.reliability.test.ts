import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frame2, sentEvents, setupChat } from './test-kit.ts';

const USER = 'id-1';
const ack = (id: string | undefined) => JSON.stringify({ type: 'ack', id });
const agentText = (text: string, id: number) => frame2(USER, 'text', { text, agent: { id: 'anan01', name: 'Anders' }, id });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createChat: delivery across reconnects and reloads (DESIGN §4.3)', () => {
  it('resends the outbox after a reload: same ids, in order, paced at 10 a second', () => {
    const first = setupChat();
    first.fake.last().fail(); // offline from the start
    first.chat.send('one');
    first.chat.send('two');
    first.chat.send('three');
    const ids = first.chat.messages.value.map((m) => m.key);
    first.chat.dispose();

    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.messages.value.map((m) => [m.text, m.kind === 'customer' && m.status])).toEqual([
      ['one', 'pending'],
      ['two', 'pending'],
      ['three', 'pending'],
    ]);
    const socket = reloaded.fake.last();
    socket.open();
    const types = () => sentEvents(socket).map((e) => (e.type === 'text' ? e.text : e.type));
    // The start never reached a broker, so it goes first, then the heartbeat, then the texts, 100 ms apart.
    expect(types()).toEqual(['start', 'heartbeat']);
    vi.advanceTimersByTime(99);
    expect(types()).toEqual(['start', 'heartbeat']);
    vi.advanceTimersByTime(1);
    expect(types()).toEqual(['start', 'heartbeat', 'one']);
    vi.advanceTimersByTime(200);
    expect(types()).toEqual(['start', 'heartbeat', 'one', 'two', 'three']);
    const texts = sentEvents(socket).filter((e) => e.type === 'text');
    expect(texts.map((e) => e.id)).toEqual(ids);
    expect(texts.every((e) => e.userId === USER)).toBe(true);
    expect(reloaded.chat.messages.value.every((m) => m.kind === 'customer' && m.status === 'sent')).toBe(true);
    reloaded.chat.dispose();
  });

  it('keeps texts pending until acked by an acking broker, and resends unacked ones after a reconnect', () => {
    const { chat, fake } = setupChat();
    let socket = fake.last();
    socket.open();
    const [start] = sentEvents(socket);
    socket.receive(ack(start?.id)); // the broker acks: from now on only an ack delivers
    chat.send('a');
    chat.send('b');
    vi.advanceTimersByTime(200);
    const [a, b] = sentEvents(socket).filter((e) => e.type === 'text');
    expect(chat.messages.value.map((m) => m.kind === 'customer' && m.status)).toEqual(['pending', 'pending']);
    socket.receive(ack(a?.id));
    expect(chat.messages.value.map((m) => m.kind === 'customer' && m.status)).toEqual(['sent', 'pending']);
    socket.serverClose();
    vi.advanceTimersByTime(250);
    socket = fake.last();
    socket.open();
    vi.advanceTimersByTime(100);
    // Start was acked: never again. 'a' was acked: not resent. 'b' again, same id.
    expect(sentEvents(socket).map((e) => e.type)).toEqual(['text', 'heartbeat']);
    expect(sentEvents(socket)[0]).toMatchObject({ text: 'b', id: b?.id });
    socket.receive(ack(b?.id));
    expect(chat.messages.value.map((m) => m.kind === 'customer' && m.status)).toEqual(['sent', 'sent']);
    chat.dispose();
  });

  it('drops replayed outbound ids and sends the highest as lastEventId after a reconnect', () => {
    const { chat, fake } = setupChat();
    let socket = fake.last();
    socket.open();
    socket.receive(agentText('one', 1));
    socket.receive(agentText('two', 2));
    socket.receive(agentText('three', 3));
    socket.serverClose();
    vi.advanceTimersByTime(250);
    socket = fake.last();
    socket.open();
    expect(sentEvents(socket)).toEqual([{ type: 'heartbeat', direction: 'inbound', userId: USER, id: expect.any(String), lastEventId: 3 }]);
    vi.advanceTimersByTime(10_000);
    expect(sentEvents(socket)[1]).not.toHaveProperty('lastEventId');
    socket.receive(agentText('two', 2));
    socket.receive(agentText('three', 3));
    socket.receive(agentText('four', 4));
    expect(chat.messages.value.map((m) => m.text)).toEqual(['one', 'two', 'three', 'four']);
    chat.dispose();
  });

  it('restores the transcript after a reload and resumes from its lastEventId', () => {
    const first = setupChat();
    const socket = first.fake.last();
    socket.open();
    socket.receive(agentText('Hej', 1));
    first.chat.send('svar');
    vi.advanceTimersByTime(100);
    socket.receive(frame2(USER, 'queue_number', { queueNumber: 2, id: 2 }));
    socket.receive(frame2(USER, 'text', { text: 'Välj', agent: { id: 'bot' }, quickReplies: [{ type: 'postback', text: 'A', payload: 'a' }], id: 3 }));
    first.win.dispatchEvent(new Event('pagehide')); // saves at once
    const messages = first.chat.messages.value;
    first.chat.dispose();

    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.messages.value).toEqual(messages);
    expect(reloaded.chat.queue.value).toEqual({ position: 2 });
    expect(reloaded.chat.quickReplies.value).toEqual([{ type: 'postback', text: 'A', payload: 'a' }]);
    expect(reloaded.chat.unreadCount.value).toBe(2);
    const again = reloaded.fake.last();
    again.open();
    expect(sentEvents(again)).toEqual([{ type: 'heartbeat', direction: 'inbound', userId: USER, id: 'reload-1', lastEventId: 3 }]);
    again.receive(agentText('Hej', 1)); // a replay overlapping what was saved
    again.receive(agentText('new', 4));
    expect(reloaded.chat.messages.value.map((m) => m.text)).toEqual(['Hej', 'svar', 'Välj', 'new']);
    reloaded.chat.dispose();
  });

  it('keeps an ended conversation ended after a reload, without connecting', () => {
    const first = setupChat();
    first.fake.last().open();
    first.fake.last().receive(frame2(USER, 'end_session', { reasonText: 'Tack!', id: 1 }));
    first.chat.dispose();
    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    expect(reloaded.chat.ended.value).toBe('agent');
    expect(reloaded.chat.messages.value.map((m) => m.text)).toEqual(['Tack!']);
    expect(reloaded.fake.sockets).toHaveLength(0);
    reloaded.chat.dispose();
  });

  it('sends start only once per conversation, across reconnects and reloads', () => {
    const first = setupChat();
    first.fake.last().open();
    first.fake.last().serverClose();
    vi.advanceTimersByTime(250);
    first.fake.last().open();
    first.chat.dispose();
    const reloaded = setupChat({ storage: first.storage, idPrefix: 'reload' });
    reloaded.fake.last().open();
    const starts = [...first.fake.sockets, ...reloaded.fake.sockets].flatMap(sentEvents).filter((e) => e.type === 'start');
    expect(starts).toHaveLength(1);
    // After a reload the first heartbeat resumes, even with nothing received yet.
    expect(sentEvents(reloaded.fake.last())).toEqual([{ type: 'heartbeat', direction: 'inbound', userId: USER, id: 'reload-1', lastEventId: 0 }]);
    reloaded.chat.dispose();
  });

  it('ignores a stored transcript that does not read back', () => {
    const first = setupChat();
    first.chat.dispose();
    const ok = frame2(USER, 'text', { text: 'ok', agent: { id: 'a1', name: 'A', avatarUrl: 'javascript:x' }, id: 1 });
    first.storage.setItem('sermo.chat.transcript', `${USER} x 0\n1 e1 ${ok}`);
    const a = setupChat({ storage: first.storage, idPrefix: 'a' });
    expect(a.chat.messages.value).toEqual([]);
    a.chat.dispose();
    first.storage.setItem('sermo.chat.transcript', '{not json');
    const b = setupChat({ storage: first.storage, idPrefix: 'b' });
    expect(b.chat.messages.value).toEqual([]);
    b.chat.dispose();
    first.storage.setItem(
      'sermo.chat.transcript',
      [
        `${USER} 1 0`,
        `1 e1 ${ok}`,
        `1 e2 ${frame2(USER, 'info', { text: 7, id: 2 })}`,
        `1 c ${JSON.stringify({ type: 'text', direction: 'inbound', userId: USER, id: 'c', text: 7 })}`,
        `1 e3 ${frame2('someone-else', 'info', { text: 'not mine', id: 3 })}`,
      ].join('\n'),
    );
    const c = setupChat({ storage: first.storage, idPrefix: 'c' });
    expect(c.chat.messages.value).toEqual([{ kind: 'agent', key: 'e1', at: 1, text: 'ok', agent: { name: 'A', human: true } }]);
    c.chat.dispose();
  });

  it('going offline shows reconnecting at once and keeps the text pending until a new socket acks it', () => {
    const { chat, fake, win } = setupChat();
    const socket = fake.last();
    socket.open();
    win.dispatchEvent(new Event('offline'));
    expect(chat.connection.value).toBe('reconnecting');
    expect(socket.closedByClient).toBeDefined();
    expect(chat.send('still there?')).toEqual({ ok: true });
    expect(chat.messages.value.at(-1)).toMatchObject({ text: 'still there?', status: 'pending' });
    win.dispatchEvent(new Event('online'));
    expect(fake.sockets).toHaveLength(2);
    chat.dispose();
  });

  it('dispose() closes the socket and leaves no timer or listener', () => {
    const { chat, fake, win } = setupChat();
    const socket = fake.last();
    socket.open();
    socket.receive(frame2(USER, 'text', { text: 'slow', agent: { id: 'bot' }, typing: 5000 }));
    socket.receive(frame2(USER, 'typing_on'));
    chat.send('x');
    chat.send('y');
    chat.setDraft('z');
    chat.setDraft('zz');
    chat.setPanelOpen(true);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(socket.closedByClient).toBe(1000);
    win.dispatchEvent(new Event('online'));
    win.setVisibility('visible');
    expect(fake.sockets).toHaveLength(1);
  });
});
