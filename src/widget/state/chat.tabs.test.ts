/**
 * DESIGN §4.5 with fake tabs: chats sharing one stored conversation, each hearing the others' writes as a
 * browser's `storage` events (later, in order, never its own), and each with its own fake transport (each
 * tab may hold its own socket; the broker sends a userId's events to each).
 */
import { describe, expect, it, vi } from 'vitest';
import { LOG_KEY, SAVE_DELAY_MS, SEGMENT_LINES } from './log.ts';
import { TAB_TTL_MS } from './tabs.ts';
import { createMemoryStorage } from '../platform/memory-storage.ts';
import { agentText, createSite, setupStateChat, textsOf, twoTabs, useFixedClock } from './test-kit.ts';

useFixedClock();

describe('createChat in several tabs of one conversation (DESIGN §4.5)', () => {
  it('stores nothing and makes no transport before the first open, unless a conversation is stored', async () => {
    const site = createSite();
    const one = site.open();
    expect(site.shared.length).toBe(0);
    expect(one.fakes.transports).toHaveLength(0);
    one.chat.setPanelOpen(true);
    expect(one.fakes.transports).toHaveLength(1);
    expect(site.shared.getItem(LOG_KEY)).not.toBeNull();
  });

  it('a minimised tab takes up the conversation another tab begins: one start, one userId', async () => {
    const site = createSite();
    const one = site.open();
    const two = site.open();
    one.chat.setPanelOpen(true);
    await site.deliver();
    expect(two.fakes.transports).toHaveLength(1);
    expect(two.transport().conversation.userId).toBe(one.transport().conversation.userId);
    expect(one.transport().queued.map((e) => e.type)).toEqual(['start']);
    expect(two.transport().queued).toEqual([]);
    // Not even the stored start, while its own tab is open.
    expect(two.transport().pending()).toEqual([]);
  });

  it("shows a text sent in another tab at once, pending, then sent once it is delivered; agent messages once", async () => {
    const site = createSite();
    const one = site.open();
    one.chat.setPanelOpen(true);
    const two = site.open();
    const userId = one.transport().conversation.userId;
    one.transport().deliver(); // start
    await site.deliver();

    one.chat.send('from one');
    await site.deliver();
    expect(textsOf(two.chat.messages.value)).toEqual(['from one']);
    expect(two.chat.messages.value[0]).toMatchObject({ kind: 'customer', status: 'pending' });
    // The other tab holds it in its outbox too, under the same id.
    expect(two.transport().pending().map((e) => e.id)).toEqual(one.transport().pending().map((e) => e.id));

    one.transport().deliver();
    await site.deliver();
    expect(two.chat.messages.value[0]).toMatchObject({ status: 'sent' });
    expect(two.transport().pending()).toEqual([]);

    // Each tab's socket gets the agent's message, and each hears of the other's copy: shown once.
    one.transport().receive(agentText(userId, 'hello', 5));
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    expect(textsOf(two.chat.messages.value)).toEqual(['from one', 'hello']);
    two.transport().receive(agentText(userId, 'hello', 5));
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    expect(textsOf(one.chat.messages.value)).toEqual(['from one', 'hello']);
    expect(textsOf(two.chat.messages.value)).toEqual(['from one', 'hello']);
  });

  it('merges what two tabs write at the same time: nothing of either is lost, in either tab or after a reload', async () => {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    one.chat.send('one');
    two.chat.send('two');
    one.transport().receive(agentText(userId, 'agent', 7));
    vi.advanceTimersByTime(1_000); // coalesced log writes
    await site.deliver();
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    for (const tab of [one, two]) expect(textsOf(tab.chat.messages.value).sort()).toEqual(['agent', 'one', 'two']);
    const reload = site.open();
    expect(textsOf(reload.chat.messages.value).sort()).toEqual(['agent', 'one', 'two']);
    expect(reload.transport().pending().map((e) => e.type === 'text' && e.text).sort()).toEqual(['one', 'two']);
  });

  it('a merge still waiting for its chunk when the tab goes does nothing', async () => {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    two.transport().receive(agentText(userId, 'late', 7));
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    // Tab one hears of two's write; its merge waits for the chunk, and meanwhile the tab goes.
    const delivering = site.deliver();
    one.close();
    await delivering;
    expect(textsOf(one.chat.messages.value)).toEqual([]);
    expect(textsOf(two.chat.messages.value)).toEqual(['late']);
  });

  it('a text waiting in a tab that closes is delivered by another', async () => {
    const site = createSite();
    const one = site.open();
    one.chat.setPanelOpen(true);
    const two = site.open();
    one.transport().deliver();
    await site.deliver();
    one.chat.send('waiting');
    one.close();
    await site.deliver();
    expect(two.transport().pending().map((e) => e.type === 'text' && e.text)).toEqual(['waiting']);
  });

  it('a text another tab stored is not written over by a tab that has not merged it yet, though that tab closes first', async () => {
    const { site, one, two } = await twoTabs();
    one.chat.send('from one');
    // Tab two hears of it, but its merge (the chunk's, a moment away, or offline not at all) has not run when it
    // sends a text of its own, and tab one closes.
    site.deliverOne();
    two.chat.send('from two');
    one.close();
    await site.deliver();
    expect(two.transport().pending().map((e) => e.type === 'text' && e.text)).toEqual(['from two', 'from one']);
  });

  it('ending in one tab ends it in another at once, without waiting for the merge chunk: nothing more is written over the next conversation', async () => {
    const { site, one, two } = await twoTabs();
    const ended = one.transport().conversation.userId;
    one.chat.endChat();
    // Each storage event alone, with no time for a dynamic import: the stored head says enough.
    while (site.deliverOne() && two.chat.ended.value === null);
    expect(two.chat.ended.value).toBe('customer');
    expect(two.transport().forgotten).toBe(true);
    // The next conversation, begun in tab one, is adopted at once too.
    one.chat.startNew();
    while (site.deliverOne() && two.transport().conversation.userId === ended);
    expect(two.transport().conversation.userId).toBe(one.transport().conversation.userId);
    await site.deliver();
  });

  it('ending in one tab ends it in all; the next conversation, begun in one, is shown in all', async () => {
    const { site, one, two } = await twoTabs();
    const first = one.transport().conversation.userId;
    one.chat.endChat();
    await site.deliver();
    expect(two.chat.ended.value).toBe('customer');
    // Only the tab that ended it says so to the broker.
    expect(two.fakes.transports.flatMap((t) => t.queued).map((e) => e.type)).toEqual([]);

    one.chat.startNew();
    await site.deliver();
    expect(two.chat.ended.value).toBeNull();
    expect(two.transport().conversation.userId).toBe(one.transport().conversation.userId);
    expect(two.transport().conversation.userId).not.toBe(first);
    one.chat.send('again');
    await site.deliver();
    expect(textsOf(two.chat.messages.value)).toEqual(['again']);
  });

  it('a message read in one tab is read in all', async () => {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    for (const tab of [one, two]) tab.transport().receive(agentText(userId, 'are you there?', 3));
    await site.deliver();
    expect(two.chat.unreadCount.value).toBe(1);
    one.chat.markInView(['e3']);
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    expect(one.chat.unreadCount.value).toBe(0);
    expect(two.chat.unreadCount.value).toBe(0);
    expect(one.transport().sent.filter((e) => e.type === 'messages_read')).toHaveLength(1);
    expect(two.transport().sent.filter((e) => e.type === 'messages_read')).toHaveLength(0);
  });

  it('client_unload goes with the last tab only; a tab that died stops counting after TAB_TTL_MS', async () => {
    const site = createSite();
    const one = site.open();
    one.chat.setPanelOpen(true);
    const two = site.open();
    const three = site.open();
    await site.deliver();
    const unloads = (tab: typeof one) => tab.fakes.transports.flatMap((t) => t.sent).filter((e) => e.type === 'client_unload');
    two.close();
    expect(unloads(two)).toEqual([]);
    // Three "crashes": no pagehide, its registration stays until it runs out.
    three.chat.dispose();
    one.win.dispatchEvent(new Event('pagehide'));
    expect(unloads(one)).toEqual([]);

    const four = site.open();
    await site.deliver();
    vi.advanceTimersByTime(TAB_TTL_MS + 1);
    four.close();
    expect(unloads(four)).toHaveLength(1);
    one.chat.dispose();
    four.chat.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a page back from the back/forward cache counts among the tabs again', async () => {
    const { site, one, two } = await twoTabs();
    one.win.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    one.win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await site.deliver();
    two.close();
    expect(two.transport().sent.filter((e) => e.type === 'client_unload')).toEqual([]);
    one.chat.dispose();
  });

  it('a conversation idle longer than resumeMinutes is not continued; within it, it is', async () => {
    const site = createSite();
    const one = site.open({ resumeMinutes: 1 });
    one.chat.setPanelOpen(true);
    const first = one.transport().conversation.userId;
    one.chat.send('hi');
    one.close();
    vi.advanceTimersByTime(50_000);
    const two = site.open({ resumeMinutes: 1 });
    expect(two.transport().conversation.userId).toBe(first);
    two.close();
    vi.setSystemTime(Date.now() + 61_000);
    const three = site.open({ resumeMinutes: 1 });
    expect(three.fakes.transports).toHaveLength(0);
    three.chat.setPanelOpen(true);
    expect(three.transport().conversation.userId).not.toBe(first);
    expect(three.chat.messages.value).toEqual([]);
  });
});

describe('a tab that finds the conversation while its first writes are still arriving (host storage)', () => {
  it("sees the tab that began it as open, and leaves the stored start to it: start goes once", async () => {
    // Where the storage is the host page's, a new tab's copy is a snapshot taken while the first tab's writes
    // travel through the loader, in order: it may hold the conversation's first writes and not yet the rest.
    const writes: [key: string, value: string][] = [];
    const shared = createMemoryStorage();
    const recording = Object.assign(Object.create(shared) as Storage, {
      setItem(key: string, value: string) {
        shared.setItem(key, value);
        writes.push([key, value]);
      },
    });
    const one = setupStateChat({ storage: recording, changes: () => () => {}, idPrefix: 'tab1' });
    one.chat.setPanelOpen(true);
    expect(one.transport().conversation.sendsStart).toBe(true);

    const logWritten = writes.findIndex(([key]) => key === LOG_KEY);
    expect(logWritten).toBeGreaterThanOrEqual(0);
    const snapshot = createMemoryStorage();
    for (const [key, value] of writes.slice(0, logWritten + 1)) snapshot.setItem(key, value);
    const two = setupStateChat({ storage: snapshot, changes: () => () => {}, idPrefix: 'tab2' });
    expect(two.fakes.transports).toHaveLength(1);
    expect(two.transport().conversation.sendsStart).toBe(false);
  });
});

describe('the shared log when two tabs close a segment at once (DESIGN §4.3 across tabs)', () => {
  it("keeps both tabs' lines: a reload shows every message", { timeout: 60_000 }, async () => {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    for (let i = 0; i < SEGMENT_LINES - 1; i++) one.chat.send(`text ${i}`);
    await site.deliver();
    // Each tab's 100th message, before either hears of the other's: both close segment 0.
    one.chat.send('last text');
    two.transport().receive(agentText(userId, 'agent', 9));
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    await site.deliver();
    for (const tab of [one, two]) expect(tab.chat.messages.value).toHaveLength(SEGMENT_LINES + 1);
    const reload = site.open();
    expect(textsOf(reload.chat.messages.value).slice(-2).sort()).toEqual(['agent', 'last text']);
    expect(reload.chat.messages.value).toHaveLength(SEGMENT_LINES + 1);
  });
});
