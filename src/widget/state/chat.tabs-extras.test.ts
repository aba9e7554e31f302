/**
 * Where DESIGN §4.5 (one conversation across tabs) meets §3 `preChat` and §4 `rating`: the form holds back
 * the conversation in every tab until one submits it, another tab then takes that conversation up (no form,
 * no start of its own); the rating is given once per conversation, whichever tab gives it, and goes to the
 * broker through the shared outbox once.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PreChatField, WidgetConfig } from '../../config/config.ts';
import type { FakeTransport } from '../connection/fake-transport.ts';
import { OUTBOX_KEY, loadOutbox } from '../connection/outbox.ts';
import { createStore } from '../platform/storage.ts';
import { LOG_KEY } from './log.ts';
import { agentText, createSite, frame2, sentEvents, twoTabs, useFixedClock } from './test-kit.ts';

const FIELDS: PreChatField[] = [
  { name: 'name', required: false },
  { name: 'email', required: true },
];
const withForm = { preChat: FIELDS };
const ADA = { name: 'Ada', email: 'ada@example.com' };

type Tab = ReturnType<ReturnType<typeof createSite>['open']>;
const all = (tab: Tab) => tab.fakes.transports;
const queuedOf = (tab: Tab, type: string) => all(tab).flatMap((t) => t.queued).filter((e) => e.type === type);
const sentOf = (tab: Tab, type: string) => all(tab).flatMap((t) => t.sent).filter((e) => e.type === type);
const texts = (tab: Tab) => tab.chat.messages.value.map((m) => m.text);
/** Transports not disposed: each would hold a socket. */
const live = (tab: Tab) => all(tab).filter((t: FakeTransport) => !t.disposed && !t.finished);

useFixedClock();

describe('the pre-chat form in several tabs (DESIGN §3 preChat, §4.5)', () => {
  it('stores nothing and connects nowhere before the form is submitted; then one start with the answers', async () => {
    const site = createSite();
    const one = site.open(withForm);
    expect(one.chat.preChat.value).toBeNull();
    one.chat.setPanelOpen(true);
    expect(one.chat.preChat.value).toEqual({ fields: FIELDS, answers: {} });
    expect(site.shared.length).toBe(0);
    expect(all(one)).toHaveLength(0);

    one.chat.submitPreChat(ADA);
    expect(one.chat.preChat.value).toBeNull();
    expect(all(one)).toHaveLength(1);
    expect(queuedOf(one, 'start')).toEqual([expect.objectContaining({ userId: one.transport().conversation.userId, params: { queue: 'billing', ...ADA } })]);
    // Closing the panel and opening it again asks nothing and begins nothing more.
    one.chat.setPanelOpen(false);
    one.chat.setPanelOpen(true);
    expect(one.chat.preChat.value).toBeNull();
    expect(all(one)).toHaveLength(1);
    expect(queuedOf(one, 'start')).toHaveLength(1);
    one.close();
  });

  for (const other of ['showing the form', 'minimised'] as const) {
    it(`a tab ${other} takes up the conversation another tab's form began: no form, no start of its own`, async () => {
      const site = createSite();
      const one = site.open(withForm);
      const two = site.open(withForm);
      one.chat.setPanelOpen(true);
      if (other === 'showing the form') two.chat.setPanelOpen(true);
      await site.deliver();
      expect(two.chat.preChat.value).toEqual(other === 'minimised' ? null : { fields: FIELDS, answers: {} });
      expect(all(two)).toHaveLength(0);

      one.chat.submitPreChat(ADA);
      await site.deliver();
      const userId = one.transport().conversation.userId;
      expect(two.chat.preChat.value).toBeNull();
      expect(all(two)).toHaveLength(1);
      expect(two.transport().conversation.userId).toBe(userId);
      expect(queuedOf(two, 'start')).toEqual([]);
      expect(two.transport().pending()).toEqual([]);

      one.chat.send('hello from one');
      one.transport().receive(agentText(userId, 'Hi Ada', 4));
      vi.advanceTimersByTime(1_000);
      await site.deliver();
      expect(texts(two)).toEqual(['hello from one', 'Hi Ada']);
      expect(two.chat.send('from two')).toEqual({ ok: true });
      // Two's text goes under the one conversation; still one start in all.
      expect(queuedOf(two, 'text')).toEqual([expect.objectContaining({ userId, text: 'from two' })]);
      expect([...queuedOf(one, 'start'), ...queuedOf(two, 'start')]).toHaveLength(1);
      one.close();
      two.close();
    });
  }

  it('a form submitted in a tab that has not heard of the other tab’s yet joins that conversation: one start, one userId', async () => {
    const site = createSite();
    const one = site.open(withForm);
    const two = site.open(withForm);
    one.chat.setPanelOpen(true);
    two.chat.setPanelOpen(true);
    one.chat.submitPreChat(ADA);
    two.chat.submitPreChat({ email: 'bob@example.com' });
    await site.deliver();
    expect(two.transport().conversation.userId).toBe(one.transport().conversation.userId);
    expect([...queuedOf(one, 'start'), ...queuedOf(two, 'start')]).toHaveLength(1);
    expect(live(two)).toHaveLength(1);
    one.close();
    two.close();
  });
});

describe('the rating in several tabs (DESIGN §4 rating, §4.5)', () => {
  /** Two tabs of one conversation the agent ended: each socket got end_session. */
  async function endedInTwoTabs() {
    const { site, one, two } = await twoTabs();
    const userId = one.transport().conversation.userId;
    one.transport().deliver();
    await site.deliver();
    for (const tab of [one, two]) tab.transport().receive(frame2(userId, 'end_session', { reasonText: 'Bye', id: 9 }));
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    return { site, one, two, userId };
  }
  const ratingIds = (...tabs: Tab[]) => new Set(tabs.flatMap((tab) => queuedOf(tab, 'rating').map((e) => e.id)));

  it('rated in one tab: the other thanks and cannot rate it again', async () => {
    const { site, one, two } = await endedInTwoTabs();
    expect(two.chat.rating.value).toBe('ask');
    one.chat.rate(4, 'kind');
    await site.deliver();
    expect(two.chat.rating.value).toBe('thanks');
    two.chat.rate(1, 'again');
    expect(ratingIds(one, two).size).toBe(1);
    one.close();
    two.close();
  });
});

describe('"Start a new chat" with the pre-chat form in several tabs', () => {
  async function endedWithForm() {
    const site = createSite();
    const one = site.open(withForm);
    const two = site.open(withForm);
    one.chat.setPanelOpen(true);
    one.chat.submitPreChat(ADA);
    await site.deliver();
    const first = one.transport().conversation.userId;
    one.transport().deliver();
    for (const tab of [one, two]) tab.transport().receive(frame2(first, 'end_session', { id: 9 }));
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    return { site, one, two, first };
  }

  it('the other tab follows only once the form is submitted; the new conversation has one start with the new answers', async () => {
    const { site, one, two, first } = await endedWithForm();
    one.chat.startNew();
    await site.deliver();
    expect(one.chat.preChat.value).toEqual({ fields: FIELDS, answers: ADA });
    // The form alone begins nothing anywhere: two still shows the ended conversation.
    expect(site.shared.getItem(LOG_KEY)).toBeNull();
    expect(two.chat.ended.value).toBe('agent');
    expect(all(two)).toHaveLength(1);
    expect(two.chat.preChat.value).toBeNull();

    one.chat.submitPreChat({ ...ADA, name: 'Ada L.' });
    await site.deliver();
    const second = one.transport().conversation.userId;
    expect(second).not.toBe(first);
    expect(two.chat.ended.value).toBeNull();
    expect(two.transport().conversation.userId).toBe(second);
    expect(queuedOf(two, 'start')).toEqual([]);
    expect(queuedOf(one, 'start').map((e) => e.type === 'start' && e.params)).toEqual([
      { queue: 'billing', ...ADA },
      { queue: 'billing', ...ADA, name: 'Ada L.' },
    ]);
    one.close();
    two.close();
  });

  it('a tab whose own form is showing after "Start a new chat" takes up the one another tab submitted: its form goes, one socket', async () => {
    const { site, one, two } = await endedWithForm();
    one.chat.startNew();
    two.chat.startNew();
    await site.deliver();
    // Its form shows for the next conversation: that one is not "ended" by the other tab's removing the last one.
    expect(two.chat.preChat.value).not.toBeNull();
    expect(two.chat.ended.value).toBeNull();
    one.chat.submitPreChat(ADA);
    await site.deliver();
    const second = one.transport().conversation.userId;
    expect(two.chat.preChat.value).toBeNull();
    expect(two.chat.ended.value).toBeNull();
    expect(two.transport().conversation.userId).toBe(second);
    expect(two.chat.send('from two')).toEqual({ ok: true });
    // Submitting afterwards (a stale form) begins nothing more.
    two.chat.submitPreChat(ADA);
    expect(live(two)).toHaveLength(1);
    expect(queuedOf(two, 'start')).toEqual([]);
    one.close();
    two.close();
  });

  it('a rating given in a tab still showing the ended conversation never touches the next conversation’s stored outbox', async () => {
    const { site, one, two, first } = await endedWithForm();
    one.chat.startNew();
    await site.deliver();
    two.chat.rate(3, 'ok');
    const carrying = two.transport();
    await site.deliver();
    one.chat.submitPreChat(ADA);
    one.chat.send('next question');
    await site.deliver();
    // The old conversation's rating is delivered after the next conversation began.
    expect(carrying.pending()).toEqual([expect.objectContaining({ type: 'rating', userId: first })]);
    const second = one.transport().conversation.userId;
    // The tab that began the next conversation goes before the rating is delivered; what it left must stay.
    one.close();
    carrying.deliver();
    await site.deliver();
    const stored = (site.shared.getItem(OUTBOX_KEY) ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; userId: string });
    expect(stored.map((e) => [e.type, e.userId])).toEqual([
      ['start', second],
      ['text', second],
    ]);
    two.close();
  });

  it('client_unload: never for a conversation not begun, and only by the last tab of the new one', async () => {
    const { site, one, two } = await endedWithForm();
    one.chat.startNew();
    await site.deliver();
    // One's form is showing, two shows the ended conversation: neither says anything on unload.
    two.close();
    await site.deliver();
    expect(sentOf(two, 'client_unload')).toEqual([]);
    const three = site.open(withForm);
    three.chat.setPanelOpen(true);
    one.chat.submitPreChat(ADA);
    await site.deliver();
    expect(three.transport().conversation.userId).toBe(one.transport().conversation.userId);
    one.close();
    await site.deliver();
    expect(sentOf(one, 'client_unload')).toEqual([]);
    three.close();
    expect(sentOf(three, 'client_unload')).toEqual([expect.objectContaining({ userId: one.transport().conversation.userId })]);
  });

  it('a page closed while its form is showing sends no client_unload, for the old conversation or the one not begun', async () => {
    const { site, one, two } = await endedWithForm();
    two.close();
    await site.deliver();
    one.chat.startNew();
    one.close();
    expect(sentOf(one, 'client_unload')).toEqual([]);
    expect(sentOf(two, 'client_unload')).toEqual([]);
  });
});

describe('resumeMinutes=0 with the pre-chat form: this tab only', () => {
  it('the form, then one conversation; a reload continues it without asking', async () => {
    const site = createSite();
    const tab = site.open({ ...withForm, resumeMinutes: 0 });
    tab.chat.setPanelOpen(true);
    expect(all(tab)).toHaveLength(0);
    tab.chat.submitPreChat(ADA);
    tab.chat.send('hi');
    const userId = tab.transport().conversation.userId;
    tab.close();

    const reload = site.open({ ...withForm, resumeMinutes: 0 });
    expect(reload.chat.preChat.value).toBeNull();
    expect(reload.transport().conversation).toMatchObject({ userId, resuming: true });
    expect(texts(reload)).toEqual(['hi']);
    expect(queuedOf(reload, 'start')).toEqual([]);
    reload.chat.setPanelOpen(true);
    expect(reload.chat.preChat.value).toBeNull();
    reload.close();
  });
});

describe('the rating across tabs on the wire (real transports)', () => {
  const ack = (id: string) => JSON.stringify({ type: 'ack', id });
  type Wired = ReturnType<ReturnType<typeof createSite>['openWired']>;
  /** Every frame of `type` the tab wrote on any of its sockets. */
  const onWire = (tab: Wired, type: string) => tab.fake.sockets.flatMap((s) => sentEvents(s)).filter((e) => e.type === type);
  /** Open the tab's newest socket if it is connecting, and ack what it wrote, as an acking broker. */
  const serve = (tab: Wired) => {
    const socket = tab.fake.sockets.at(-1);
    if (!socket || socket.readyState > 1) return;
    if (socket.readyState === 0) socket.open();
    for (const event of sentEvents(socket)) if (event.id && event.type !== 'heartbeat') socket.receive(ack(event.id));
  };

  async function endedInTwoWiredTabs() {
    const site = createSite();
    const one = site.openWired();
    one.chat.setPanelOpen(true);
    const two = site.openWired();
    await site.deliver();
    serve(one);
    serve(two);
    await site.deliver();
    const [start] = onWire(one, 'start');
    const userId = start!.userId;
    for (const tab of [one, two]) tab.fake.last().receive(frame2(userId, 'end_session', { id: 9 }));
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    return { site, one, two, userId };
  }

  it('rated in one tab, delivered there: no other tab, nor a reload, sends it again', async () => {
    const { site, one, two } = await endedInTwoWiredTabs();
    one.chat.rate(4, 'kind');
    await site.deliver();
    serve(one);
    await site.deliver();
    const reload = site.openWired();
    await site.deliver();
    serve(two);
    serve(reload);
    expect(onWire(one, 'rating')).toHaveLength(1);
    expect([...onWire(two, 'rating'), ...onWire(reload, 'rating')]).toEqual([]);
    expect(reload.chat.rating.value).toBe('thanks');
    for (const tab of [one, two, reload]) tab.close();
    vi.runOnlyPendingTimers();
  });

  it('rated in a tab closed before it was delivered: a reload delivers it once, under its id; the other open tab sends nothing of its own', async () => {
    const { site, one, two, userId } = await endedInTwoWiredTabs();
    one.chat.rate(2, 'slow');
    const stored = loadOutbox(createStore(() => site.shared), userId);
    expect(stored).toEqual([expect.objectContaining({ type: 'rating', score: 2 })]);
    one.close();
    await site.deliver();
    serve(two);
    expect(onWire(two, 'rating')).toEqual([]);
    const reload = site.openWired();
    await site.deliver();
    serve(reload);
    await site.deliver();
    const sent = onWire(reload, 'rating');
    expect(sent).toEqual([expect.objectContaining({ type: 'rating', id: stored[0]!.id, score: 2, comment: 'slow' })]);
    // Delivered: a further reload sends nothing more.
    const again = site.openWired();
    await site.deliver();
    serve(again);
    expect(onWire(again, 'rating')).toEqual([]);
    for (const tab of [two, reload, again]) tab.close();
    vi.runOnlyPendingTimers();
  });
});

/**
 * Two tabs (both panels open) of one conversation with `agentMessages` agent messages (100 close a stored segment),
 * and then end_session, each received on both sockets: each tab's log keeps them with its next coalesced write.
 * Then "Start a new chat" in the first, before the second hears of it.
 */
async function startNewAfterEnd(site: ReturnType<typeof createSite>, config: Partial<WidgetConfig>, agentMessages = 0) {
  const one = site.open(config);
  one.chat.setPanelOpen(true);
  if (config === withForm) one.chat.submitPreChat(ADA);
  const two = site.open(config);
  two.chat.setPanelOpen(true);
  await site.deliver();
  const first = one.transport().conversation.userId;
  one.transport().deliver();
  await site.deliver();
  for (let id = 1; id <= agentMessages; id++) {
    for (const tab of [one, two]) tab.transport().receive(agentText(first, `a-${id}`, id));
    vi.advanceTimersByTime(300);
    await site.deliver();
  }
  for (const tab of [one, two]) tab.transport().receive(frame2(first, 'end_session', { id: agentMessages + 9 }));
  one.chat.startNew();
  return { one, two, first };
}

describe('a tab that has not heard yet that another tab ended or replaced the conversation (DESIGN §4.5)', () => {
  for (const config of [withForm, {}]) {
    it(`does not write the old conversation back with its coalesced write (${config === withForm ? 'with' : 'without'} the form)`, async () => {
      const site = createSite();
      const { one, two, first } = await startNewAfterEnd(site, config);
      const next = config === withForm ? undefined : one.transport().conversation.userId;
      vi.advanceTimersByTime(1_000);
      // Two's write came before it heard: the stored head is still the one one left.
      expect(site.shared.getItem(LOG_KEY)?.split(' ')[0]).toBe(next);
      expect(site.shared.getItem(`${LOG_KEY}.0`) ?? '').not.toContain(first);
      await site.deliver();
      vi.advanceTimersByTime(1_000);
      await site.deliver();
      if (config === withForm) {
        expect(one.chat.preChat.value).not.toBeNull();
        expect(site.shared.getItem(LOG_KEY)).toBeNull();
      } else {
        expect(one.chat.ended.value).toBeNull();
        expect(one.transport().conversation.userId).not.toBe(first);
        expect(site.shared.getItem(LOG_KEY)?.split(' ')[0]).toBe(one.transport().conversation.userId);
        expect(two.transport().conversation.userId).toBe(one.transport().conversation.userId);
      }
      one.close();
      two.close();
    });
  }

  it('does not write the old conversation back with a message read there meanwhile', async () => {
    const site = createSite();
    const one = site.open();
    one.chat.setPanelOpen(true);
    const two = site.open();
    await site.deliver();
    two.chat.setPanelOpen(true);
    const first = one.transport().conversation.userId;
    for (const tab of [one, two]) tab.transport().receive(agentText(first, 'are you there?', 5));
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    one.chat.endChat();
    one.chat.startNew();
    // Two reads the message before it hears that the conversation ended.
    expect(two.chat.unreadCount.value).toBe(1);
    two.chat.markInView(['e5']);
    expect(two.chat.unreadCount.value).toBe(0);
    expect(site.shared.getItem(LOG_KEY)?.split(' ')[0]).toBe(one.transport().conversation.userId);
    await site.deliver();
    vi.advanceTimersByTime(1_000);
    await site.deliver();
    expect(one.chat.ended.value).toBeNull();
    expect(site.shared.getItem(LOG_KEY)?.split(' ')[0]).toBe(one.transport().conversation.userId);
    expect(two.transport().conversation.userId).toBe(one.transport().conversation.userId);
    one.close();
    two.close();
  });
});

describe('a tab that reads its own copy of the store (host storage, or a renderer’s localStorage cache) and has not heard yet that another tab began anew (DESIGN §4.5)', () => {
  for (const [config, agentMessages] of [[withForm, 0], [{}, 0], [{}, 120]] as const) {
    it(`its late write of the old conversation neither takes the next one's place nor ends it, nor stays stored (${config === withForm ? 'with' : 'without'} the form, ${agentMessages} agent messages before)`, async () => {
      const site = createSite({ copies: true });
      const { one, two, first } = await startNewAfterEnd(site, config, agentMessages);
      // Two's coalesced write goes out before it hears that one left the conversation.
      vi.advanceTimersByTime(1_000);
      await site.deliver();
      vi.advanceTimersByTime(1_000);
      await site.deliver();
      if (config === withForm) {
        expect(one.chat.preChat.value).not.toBeNull();
        expect(one.transport().conversation.userId).toBe(first);
        one.chat.submitPreChat(ADA);
        await site.deliver();
      }
      const next = one.transport().conversation.userId;
      expect(next).not.toBe(first);
      one.chat.send('in the new one');
      vi.advanceTimersByTime(1_000);
      await site.deliver();
      expect(one.chat.ended.value).toBeNull();
      expect(two.transport().conversation.userId).toBe(next);
      expect(two.chat.ended.value).toBeNull();
      expect(texts(two)).toEqual(['in the new one']);
      expect(site.shared.getItem(LOG_KEY)?.split(' ')[0]).toBe(next);
      const reload = site.open(config);
      expect(texts(reload)).toEqual(['in the new one']);
      // Nothing of the ended conversation is stored but its mark as left.
      const stored = Array.from({ length: site.shared.length }, (_, i) => site.shared.key(i) ?? '');
      expect(stored.filter((key) => key !== `${LOG_KEY}.left` && site.shared.getItem(key)?.includes(first))).toEqual([]);
      for (const tab of [one, two, reload]) tab.close();
    });
  }
});
