/**
 * DESIGN §4.3, §4.5: the transcript every tab shows, and what a reload finds, is the conversation in order,
 * also when a line another tab lacked comes back from that tab's write after a reload. Host storage
 * (`createSite({ copies: true })`): each tab reads its own copy, which another tab's write reaches only when
 * its message arrives, with the value it wrote then (the chaos run in script mode, seed 784970947).
 */
import { describe, expect, it, vi } from 'vitest';
import { encodeInbound } from '../../protocol/index.ts';
import { createMemoryStorage } from '../platform/memory-storage.ts';
import { createStore } from '../platform/storage.ts';
import { LOG_KEY, SAVE_DELAY_MS, openLog, type LogEntry } from './log.ts';
import * as tabSync from './tab-sync.ts';
import { agentText, createSite, frame2, textsOf, twoTabs, useFixedClock } from './test-kit.ts';


useFixedClock();

describe('the order of the transcript across tabs and reloads (DESIGN §4.5)', () => {
  it('a line another tab writes back after a reload shows in its place, not at the end', async () => {
    const site = createSite({ copies: true });
    const one = site.open();
    one.chat.setPanelOpen(true);
    let two = site.open();
    one.transport().deliver(); // start
    await site.deliver();
    const userId = one.transport().conversation.userId;

    // Tab one shows an agent message; its coalesced write is still to come.
    vi.advanceTimersByTime(1_000);
    one.transport().receive(frame2(userId, 'text', { text: 'agent', agent: { id: 'anan01', name: 'Anders' }, id: 5 }));
    // Tab two sends, and the broker acks it (nothing of it waits in the outbox).
    vi.advanceTimersByTime(100);
    two.chat.send('first');
    two.transport().deliver();
    // Tab one's write, before it heard of tab two's, goes over the segment without "first".
    vi.advanceTimersByTime(SAVE_DELAY_MS - 100);
    // Tab two reloads before it hears of that: the stored log lacks "first".
    two.close();
    vi.advanceTimersByTime(1_000);
    two = site.open();
    expect(textsOf(two.chat.messages.value)).toEqual(['agent']);
    vi.advanceTimersByTime(1_000);
    two.chat.send('second');

    // Every write reaches the other tabs, and the write-backs they cause too; a reload at any moment would
    // find the customer's texts in the order they were sent.
    const storedTexts = () => [...(site.shared.getItem(`${LOG_KEY}.0`) ?? '').matchAll(/"text":"(\w+)"/g)].map((m) => m[1]);
    for (let i = 0; i < 5; i++) {
      await site.deliver();
      expect(storedTexts().filter((text) => text !== 'agent')).toEqual(storedTexts().includes('first') ? ['first', 'second'] : ['second']);
      vi.advanceTimersByTime(SAVE_DELAY_MS);
    }
    await site.deliver();

    expect(textsOf(one.chat.messages.value)).toEqual(['agent', 'first', 'second']);
    expect(textsOf(two.chat.messages.value)).toEqual(['agent', 'first', 'second']);
    // And a reload finds it in that order.
    two.close();
    const three = site.open();
    expect(textsOf(three.chat.messages.value)).toEqual(['agent', 'first', 'second']);
    one.close();
    three.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('merges another tab\'s write with the lines it lacks in conversation order, in the store and in `entries`', async () => {
    // Two tabs' copies of the store (host storage): a write of one reaches the other when copied over.
    const copyA = createMemoryStorage();
    const copyB = createMemoryStorage();
    const deliver = (from: Storage, to: Storage) => {
      for (let i = 0; i < from.length; i++) to.setItem(from.key(i)!, from.getItem(from.key(i)!)!);
    };
    const idleMs = 60_000;
    const a = openLog(createStore(() => copyA), () => 'user1', idleMs);
    deliver(copyA, copyB);
    const b = openLog(createStore(() => copyB), () => 'unused', idleMs);
    const text = (id: string, at: number): [LogEntry, string] => {
      const event = { type: 'text', direction: 'inbound', userId: 'user1', id, text: id } as const;
      return [{ at, key: id, event }, encodeInbound(event, 2)];
    };
    // Tab B writes "first", tab A (not having heard of it) "second" a moment later, then B "third".
    b.append(...text('first', Date.now()), true);
    vi.advanceTimersByTime(10);
    a.append(...text('second', Date.now()), true);
    vi.advanceTimersByTime(10);
    b.append(...text('third', Date.now()), true);
    // A hears of B's write, which lacks "second": it goes between the two, not after "third".
    deliver(copyB, copyA);
    expect(a.sync(tabSync)?.[0].map((e) => e.key)).toEqual(['first', 'third']);
    expect(a.entries.map((e) => e.key)).toEqual(['first', 'second', 'third']);
    a.flush();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(copyA.getItem(`${LOG_KEY}.0`)?.split('\n').map((line) => line.split(' ')[1])).toEqual(['first', 'second', 'third']);
    a.dispose();
    b.dispose();
  });

  it("a write made before this tab merged (its merge chunk still loading) may go over another tab's line: that tab writes it back, and this tab's merge takes it in", () => {
    const shared = createMemoryStorage();
    const idleMs = 60_000;
    const a = openLog(createStore(() => shared), () => 'user1', idleMs);
    const b = openLog(createStore(() => shared), () => 'unused', idleMs);
    const text = (id: string): [LogEntry, string] => {
      const event = { type: 'text', direction: 'inbound', userId: 'user1', id, text: id } as const;
      return [{ at: Date.now(), key: id, event }, encodeInbound(event, 2)];
    };
    const storedKeys = () => shared.getItem(`${LOG_KEY}.0`)?.split('\n').map((line) => line.split(' ')[1]);
    // Tab A hears of B's text, but does not merge until its chunk is in; meanwhile its own text goes over B's.
    b.append(...text('from-b'), true);
    vi.advanceTimersByTime(10);
    a.append(...text('from-a'), true);
    expect(storedKeys()).toEqual(['from-a']);
    // B hears of A's write: its own line the store lacks goes back with its next coalesced write.
    expect(b.sync(tabSync)?.[0].map((e) => e.key)).toEqual(['from-a']);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(storedKeys()).toEqual(['from-b', 'from-a']);
    // A's chunk is in: one merge takes in what was written meanwhile, in its place.
    expect(a.sync(tabSync)?.[0].map((e) => e.key)).toEqual(['from-b']);
    expect(a.entries.map((e) => e.key)).toEqual(['from-b', 'from-a']);
    a.dispose();
    b.dispose();
  });

  it('until a page merged another tab\'s write, what it appends goes at the end (it is all there is); after, in its place', () => {
    const shared = createMemoryStorage();
    const idleMs = 60_000;
    const a = openLog(createStore(() => shared), () => 'user1', idleMs);
    const b = openLog(createStore(() => shared), () => 'unused', idleMs);
    const text = (id: string, at: number): [LogEntry, string] => {
      const event = { type: 'text', direction: 'inbound', userId: 'user1', id, text: id } as const;
      return [{ at, key: id, event }, encodeInbound(event, 2)];
    };
    const now = Date.now();
    expect(a.append(...text('first', now), true)).toBe(true);
    // The clock went back: still the end, in the log and in the store.
    expect(a.append(...text('second', now - 1_000), true)).toBe(true);
    expect(a.entries.map((e) => e.key)).toEqual(['first', 'second']);
    expect(shared.getItem(`${LOG_KEY}.0`)?.split('\n').map((line) => line.split(' ')[1])).toEqual(['first', 'second']);
    // Once it merged a write, an entry goes in its place by time: before the later one.
    b.append(...text('from-b', now + 1_000), true);
    a.sync(tabSync);
    expect(a.append(...text('third', now - 500), true)).toBe(false);
    expect(a.entries.map((e) => e.key)).toEqual(['first', 'second', 'third', 'from-b']);
    a.dispose();
    b.dispose();
  });

  it('agent messages stay in the order the broker gave them, though another tab showed a later one sooner', async () => {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    // Tab two's socket brings both before tab one's brings the first: two's times for them are earlier.
    vi.advanceTimersByTime(1_000);
    two.transport().receive(agentText(userId, 'a84', 84));
    vi.advanceTimersByTime(100);
    two.transport().receive(agentText(userId, 'a85', 85));
    vi.advanceTimersByTime(100);
    one.transport().receive(agentText(userId, 'a84', 84));
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();

    expect(textsOf(one.chat.messages.value)).toEqual(['a84', 'a85']);
    expect(textsOf(two.chat.messages.value)).toEqual(['a84', 'a85']);
    one.close();
    const reloaded = site.open();
    expect(textsOf(reloaded.chat.messages.value)).toEqual(['a84', 'a85']);
  });

  it('an agent message that comes after a later one another tab wrote shows before it, and is stored there', async () => {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    one.chat.send('hello');
    // Tab two has a85 first (its socket came back sooner); tab one takes it from two's write.
    vi.advanceTimersByTime(1_000);
    two.transport().receive(agentText(userId, 'a85', 85));
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    expect(textsOf(one.chat.messages.value)).toEqual(['hello', 'a85']);
    // Then tab one's own socket brings a84.
    vi.advanceTimersByTime(100);
    one.transport().receive(agentText(userId, 'a84', 84));

    expect(textsOf(one.chat.messages.value)).toEqual(['hello', 'a84', 'a85']);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    expect(textsOf(two.chat.messages.value)).toEqual(['hello', 'a84', 'a85']);
    one.close();
    const reloaded = site.open();
    expect(textsOf(reloaded.chat.messages.value)).toEqual(['hello', 'a84', 'a85']);
  });
});
