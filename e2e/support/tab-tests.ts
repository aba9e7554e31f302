/**
 * DESIGN §4.5 (several tabs, one conversation), §4 (the conversation kept for a reload or another tab until
 * it has been idle `resumeMinutes`; nothing stored and no socket before the first open) and §4.3 across
 * tabs: the script-tag widget on a customer's site, in two and three tabs of one browser context, against the
 * real reference broker. Defined once, run by two specs: `tabs.spec.ts` with Playwright's default launch
 * flags, where the cross-site iframe gets no storage of its own and the conversation is kept in the host
 * page's storage through the loader (host-storage mode), and `tabs-partitioned.spec.ts` with storage
 * partitioned per top-level site, as browsers ship it, where it is the iframe's own.
 */
import { expect, test as base } from '../fixtures.ts';
import { brokerSwitch, recordWire, startSite, type Site, type SiteOptions, type SiteTab, type WireFrame } from './site-tabs.ts';

const test = base.extend<{ siteOptions: SiteOptions; site: Site }>({
  siteOptions: [{}, { option: true }],
  site: async ({ broker, agent, context, siteOptions }, use) => {
    const site = await startSite(broker, agent, siteOptions);
    try {
      await use(site);
    } finally {
      // Before the broker closes (see ChatWidget.dispose).
      await context.close();
      await site.close();
    }
  },
});

/** What a tab's widget wrote of `type` for `userId`. */
const wrote = (frames: readonly WireFrame[], type: string, userId: string) =>
  frames.filter((f) => f.type === type && f.userId === userId);

/** The host page's storage, both kinds: every key it holds. */
const hostKeys = (tab: SiteTab) => tab.page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);

/** Every test of DESIGN §4.5 and the storage promises, in a describe block named `mode`. */
export function defineTabTests(mode: string): void {
  test.describe(mode, () => {
    test('nothing is stored and no socket opened before the first open; then one conversation, one start', async ({ site, context, agent }) => {
      const sockets: string[] = [];
      context.on('page', (page) => page.on('websocket', (ws) => sockets.push(ws.url())));
      const wire = await recordWire(context);
      const one = await site.open(context);
      const two = await site.open(context, '/other');
      await one.page.waitForLoadState('networkidle');
      await two.page.waitForLoadState('networkidle');
      expect(sockets).toEqual([]);
      await expect(one.frame).toHaveCount(0);
      await expect(two.frame).toHaveCount(0);
      expect(await hostKeys(one)).toEqual([]);
      expect(await hostKeys(two)).toEqual([]);

      await one.openPanel();
      const start = await agent.waitForInbound('start');
      // The other tab shows the conversation now that one runs: its widget comes, minimised.
      await expect(two.frame).toHaveCount(1);
      await two.openPanel();
      await one.chat.send('first');
      await expect(two.chat.message('first')).toBeVisible();
      expect(wrote(wire, 'start', start.userId)).toHaveLength(1);
    });

    test('a customer message shows in every tab within a second, once, with its pending state; agent messages once per tab', async ({
      site,
      context,
      agent,
    }) => {
      const wire = await recordWire(context);
      const tabs = [await site.open(context), await site.open(context), await site.open(context)];
      await tabs[0]!.openPanel();
      const { userId } = await agent.waitForInbound('start');
      await tabs[1]!.openPanel();
      await tabs[2]!.openPanel();

      // Offline, so the text waits: every tab shows it as "Sending…".
      await context.setOffline(true);
      await tabs[1]!.chat.send('from the second tab');
      for (const tab of tabs) {
        const bubble = tab.chat.rows.filter({ hasText: 'from the second tab' });
        await expect(bubble).toHaveCount(1, { timeout: 1_000 });
        await expect(bubble.getByText(tab.chat.names.sending, { exact: true })).toBeVisible();
      }
      await context.setOffline(false);
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'from the second tab', 15_000);
      for (const tab of tabs) await expect(tab.chat.log.getByText(tab.chat.names.sending, { exact: true })).toHaveCount(0, { timeout: 15_000 });

      agent.say(userId, 'from the agent');
      for (const tab of tabs) await expect(tab.chat.message('from the agent')).toBeVisible();
      await tabs[2]!.chat.send('from the third tab');
      for (const tab of tabs) await expect(tab.chat.message('from the third tab')).toBeVisible({ timeout: 1_000 });
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'from the third tab');
      agent.say(userId, 'a last round trip');
      for (const tab of tabs) await expect(tab.chat.message('a last round trip')).toBeVisible();

      for (const tab of tabs) {
        for (const text of ['from the second tab', 'from the agent', 'from the third tab', 'a last round trip']) {
          await expect(tab.chat.message(text)).toHaveCount(1);
        }
      }
      expect(agent.inbound('text', userId).map((e) => e.text)).toEqual(['from the second tab', 'from the third tab']);
      // On the wire: one start, and each text under one id (a resend after the outage is the same id).
      expect(wrote(wire, 'start', userId)).toHaveLength(1);
      for (const text of ['from the second tab', 'from the third tab']) {
        expect(new Set(wrote(wire, 'text', userId).filter((f) => f.text === text).map((f) => f.id)).size).toBe(1);
      }
    });

    test('the outbox is shared: texts waiting in a tab that closes are delivered by another, once', async ({ site, context, agent }) => {
      const one = await site.open(context);
      await one.openPanel();
      const { userId } = await agent.waitForInbound('start');
      const two = await site.open(context);
      await expect(two.frame).toHaveCount(1);

      await context.setOffline(true);
      await one.chat.send('waiting one');
      await one.chat.send('waiting two');
      await expect(one.chat.log.getByText(one.chat.names.sending, { exact: true })).toHaveCount(2);
      await one.page.close();
      await context.setOffline(false);
      await agent.waitForCount('text', userId, 2, 15_000);
      await two.openPanel();
      await expect(two.chat.message('waiting two')).toBeVisible();
      await expect(two.chat.log.getByText(two.chat.names.sending, { exact: true })).toHaveCount(0);
      // One more round trip: anything sent twice would have arrived by now.
      await two.chat.send('after');
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'after');
      expect(agent.inbound('text', userId).map((e) => e.text)).toEqual(['waiting one', 'waiting two', 'after']);
    });

    test('client_unload is sent only when the last tab of the conversation goes away', async ({ site, context, agent }) => {
      const tabs = [await site.open(context), await site.open(context), await site.open(context)];
      await tabs[0]!.openPanel();
      const { userId } = await agent.waitForInbound('start');
      for (const tab of tabs.slice(1)) await expect(tab.frame).toHaveCount(1);
      await expect.poll(() => wroteHeartbeats(agent, userId)).toBeGreaterThanOrEqual(3);

      await tabs[2]!.page.close();
      await tabs[1]!.page.reload();
      await expect(tabs[1]!.frame).toHaveCount(1);
      await tabs[1]!.page.close();
      // A round trip from the tab left, so an unload sent meanwhile would have arrived.
      await tabs[0]!.chat.send('still here');
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'still here');
      expect(agent.inbound('client_unload', userId)).toEqual([]);

      await tabs[0]!.page.close();
      await agent.waitForInbound('client_unload', (e) => e.userId === userId);
      expect(agent.inbound('client_unload', userId)).toHaveLength(1);
    });

    test('ending the chat in one tab ends it in every tab; the next open begins a new conversation everywhere', async ({ site, context, agent }) => {
      const tabs = [await site.open(context), await site.open(context), await site.open(context)];
      await tabs[0]!.openPanel();
      const first = await agent.waitForInbound('start');
      await tabs[1]!.openPanel();
      await tabs[2]!.openPanel();

      await tabs[1]!.chat.endChat();
      await agent.waitForInbound('client_left', (e) => e.userId === first.userId);
      // The panel closes in every tab (DESIGN §4 client_left: the loader closes its panel).
      for (const tab of tabs) await expect(tab.launcher('Open chat')).toBeVisible();
      for (const tab of tabs) await expect(tab.frame).toBeHidden();

      await tabs[2]!.openPanel();
      const second = await agent.waitForInbound('start', (e) => e.userId !== first.userId);
      await tabs[2]!.chat.send('a new one');
      await tabs[0]!.openPanel();
      await expect(tabs[0]!.chat.message('a new one')).toBeVisible();
      await expect(tabs[0]!.chat.composer).toBeEnabled();
      expect(agent.inbound('start').map((e) => e.userId)).toEqual([first.userId, second.userId]);
      expect(agent.inbound('client_left', first.userId)).toHaveLength(1);
    });

    test('end_session ends the conversation in every tab', async ({ site, context, agent }) => {
      const tabs = [await site.open(context), await site.open(context)];
      await tabs[0]!.openPanel();
      const { userId } = await agent.waitForInbound('start');
      await tabs[1]!.openPanel();
      agent.send({ type: 'end_session', direction: 'outbound', userId, reasonText: 'Thanks, bye' });
      for (const tab of tabs) {
        await expect(tab.chat.message('Thanks, bye')).toHaveCount(1);
        await expect(tab.chat.startNewButton).toBeVisible();
        await expect(tab.chat.composer).toBeDisabled();
      }
    });

    test('a message read in one tab is read in all: the unread count and messages_read follow', async ({ site, context, agent }) => {
      const tabs = [await site.open(context), await site.open(context), await site.open(context)];
      await tabs[0]!.openPanel();
      const { userId } = await agent.waitForInbound('start');
      await tabs[0]!.launcher('Minimise chat').click();
      for (const tab of tabs) await expect(tab.frame).toHaveCount(1);
      agent.say(userId, 'are you there?');
      for (const tab of tabs) await expect(tab.launcher('Open chat (1 unread)')).toBeVisible();
      for (const tab of tabs) await expect(tab.page).toHaveTitle('(1) Shop');

      await tabs[1]!.page.bringToFront();
      await tabs[1]!.launcher('Open chat (1 unread)').click();
      await expect(tabs[1]!.chat.message('are you there?')).toBeVisible();
      await agent.waitForInbound('messages_read', (e) => e.userId === userId);
      for (const tab of tabs) await expect(tab.launcher(tab === tabs[1] ? 'Minimise chat' : 'Open chat')).toBeVisible();
      for (const tab of tabs) await expect(tab.page).toHaveTitle('Shop');
      // Read once: the other tabs do not send it again.
      await tabs[0]!.page.bringToFront();
      await tabs[0]!.openPanel();
      await tabs[0]!.chat.send('yes');
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'yes');
      expect(agent.inbound('messages_read', userId)).toHaveLength(1);
    });

    test('a reload continues the conversation: same userId, the transcript, and a text still waiting is delivered once', async ({ site, context, agent }) => {
      const broker = await brokerSwitch(context);
      const tab = await site.open(context);
      await tab.openPanel();
      const { userId } = await agent.waitForInbound('start');
      agent.say(userId, 'hello');
      await expect(tab.chat.message('hello')).toBeVisible();
      await broker.cut();
      await tab.chat.send('typed offline');
      await expect(tab.chat.log.getByText(tab.chat.names.sending, { exact: true })).toHaveCount(1);
      await tab.page.reload();
      await expect(tab.launcher('Minimise chat')).toBeVisible();
      await expect(tab.chat.message('hello')).toBeVisible();
      await expect(tab.chat.rows.filter({ hasText: 'typed offline' }).getByText(tab.chat.names.sending, { exact: true })).toBeVisible();
      broker.reconnect();
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'typed offline', 15_000);
      await expect(tab.chat.log.getByText(tab.chat.names.sending, { exact: true })).toHaveCount(0, { timeout: 15_000 });
      await tab.chat.send('after the reload');
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'after the reload');
      expect(agent.inbound('start')).toHaveLength(1);
      expect(agent.inbound('text', userId).map((e) => e.text)).toEqual(['typed offline', 'after the reload']);
    });

    test.describe('resumeMinutes=1', () => {
      test.use({ siteOptions: { resumeMinutes: 1 } });

      test('idle for resumeMinutes: a reload or another tab begins a new conversation; before that, it continues', async ({ site, context, agent }) => {
        await context.clock.install();
        const one = await site.open(context);
        await one.openPanel();
        const first = await agent.waitForInbound('start');
        await one.chat.send('before the pause');
        await agent.waitForInbound('text', (e) => e.text === 'before the pause');

        // 50 s without an event: still the same conversation.
        await context.clock.fastForward(50_000);
        await one.page.reload();
        await expect(one.chat.message('before the pause')).toBeVisible();
        await one.chat.send('within the minute');
        await agent.waitForInbound('text', (e) => e.text === 'within the minute');

        // Then more than a minute without an event either way.
        await context.clock.fastForward(61_000);
        const two = await site.open(context);
        await expect(two.frame).toHaveCount(0);
        await two.openPanel();
        const second = await agent.waitForInbound('start', (e) => e.userId !== first.userId);
        await expect(two.chat.message('within the minute')).toHaveCount(0);
        await two.chat.send('a new conversation');
        await agent.waitForInbound('text', (e) => e.userId === second.userId && e.text === 'a new conversation');
        expect(agent.inbound('text', first.userId).map((e) => e.text)).toEqual(['before the pause', 'within the minute']);
      });
    });

    test.describe('resumeMinutes=0', () => {
      test.use({ siteOptions: { resumeMinutes: 0 } });

      test('each tab is its own conversation', async ({ site, context, agent }) => {
        const one = await site.open(context);
        await one.openPanel();
        const first = await agent.waitForInbound('start');
        await one.chat.send('tab one');
        const two = await site.open(context);
        await expect(two.frame).toHaveCount(0);
        await two.openPanel();
        const second = await agent.waitForInbound('start', (e) => e.userId !== first.userId);
        await two.chat.send('tab two');
        await agent.waitForInbound('text', (e) => e.userId === second.userId && e.text === 'tab two');
        await expect(two.chat.message('tab one')).toHaveCount(0);
        await expect(one.chat.message('tab two')).toHaveCount(0);
        // Each tab keeps its own across a reload.
        await one.page.reload();
        await expect(one.chat.message('tab one')).toBeVisible();
        await expect(one.chat.message('tab two')).toHaveCount(0);
      });
    });
  });
}

function wroteHeartbeats(agent: { inbound(type: 'heartbeat', userId: string): unknown[] }, userId: string): number {
  return agent.inbound('heartbeat', userId).length;
}
