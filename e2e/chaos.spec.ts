/**
 * DESIGN §4.3 and §8, the chaos budget: the real built widget in Chromium against the real reference broker,
 * through a TCP proxy that cuts the connection at random every 0.5-3 s and now and then refuses new ones for
 * up to 0.8 s, while the customer (typing in the composer) and an agent (an application socket on the
 * broker) each send their messages, and the page is reloaded now and then. Afterwards every message must
 * have arrived once, in order, on both sides, within 15 s of the storm's end.
 *
 * DESIGN §4.5: a second tab of the same conversation (`CHAOS_TABS=2`, the default) is open throughout, with a
 * socket of its own through the same proxy; it must show every message once, in order, too.
 *
 * Two embeds (`CHAOS_EMBED`: `page`, `script`, or both, the default, comma-separated):
 * - `page`: `widget.html` as the top-level page (the iframe embed opened alone): the widget's own storage;
 * - `script`: the script tag on a host page of another site (`localhost`; the widget on `127.0.0.1`), as
 *   customers embed it, in Playwright's default Chromium, where the cross-site iframe gets no storage: the
 *   conversation (log and outbox) lives in the host page's storage through the loader's bridge, and the host
 *   page is what reloads (README "What the widget stores").
 *
 * The schedule of cuts, refusals, reloads and sends comes from a seed, printed first: `SEED=<n>` replays it.
 * Short by default (`npm test`); `npm run chaos` runs the full storm: CHAOS_SECONDS=60, CHAOS_MESSAGES=300
 * each way, CHAOS_RELOADS=3.
 */
import type { BrowserContext } from '@playwright/test';
import { expect, test, type BrokerFixture } from './fixtures.ts';
import type { AgentSocket } from './support/chat-agent.ts';
import { seededRandom, startChaosProxy } from './support/chaos-proxy.ts';
import { ChatWidget } from './support/chat-widget.ts';
import { startSite, type SiteTab } from './support/site-tabs.ts';

const SECONDS = Number(process.env.CHAOS_SECONDS ?? 20);
const MESSAGES = Number(process.env.CHAOS_MESSAGES ?? 150);
const RELOADS = Number(process.env.CHAOS_RELOADS ?? 2);
/** Tabs of the one conversation: the customer types and reloads in the first; the others show it (DESIGN §4.5). */
const TABS = Number(process.env.CHAOS_TABS ?? 2);
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
const EMBEDS = (process.env.CHAOS_EMBED ?? 'page,script').split(',').map((embed) => embed.trim());
/** DESIGN §8: everything delivered within 15 s after the storm. */
const SETTLE_MS = 15_000;
/** How long new connections are refused from the message typed just before a reload. */
const REFUSE_AT_RELOAD_MS = 800;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** What one direction's receiver saw, compared with what was sent. */
interface Tally {
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  /** The first few of each kind of fault, to start from when a seed fails ("m57 shown after m60", "m61 lost"). */
  faults: string[];
}

/** `received` against `sent` (each text unique): missing ones, extra copies, and arrivals before an earlier-sent one. */
function tally(sent: readonly string[], received: readonly string[]): Tally {
  const index = new Map(sent.map((text, i) => [text, i]));
  const seen = new Set<string>();
  let duplicated = 0;
  let outOfOrder = 0;
  let highest = -1;
  const faults: string[] = [];
  const note = (fault: string, count: number) => count <= 3 && faults.push(fault);
  for (const text of received) {
    if (seen.has(text)) {
      note(`${text} shown twice`, ++duplicated);
      continue;
    }
    seen.add(text);
    const i = index.get(text) ?? -1;
    if (i < highest) note(`${text} shown after ${sent[highest]}`, ++outOfOrder);
    highest = Math.max(highest, i);
  }
  const lost = sent.filter((text) => !seen.has(text));
  faults.push(...lost.slice(0, 3).map((text) => `${text} lost`));
  return { sent: sent.length, received: seen.size, lost: lost.length, duplicated, outOfOrder, faults };
}

/** A tab of the conversation: its widget, and how the customer reloads it. */
interface ChaosTab {
  chat: ChatWidget;
  reload(): Promise<void>;
}

/** Opens the tabs of one embed kind; the first is where the customer types (and reloads). */
interface Embed {
  open(): Promise<ChaosTab>;
  close(): Promise<void>;
}

/** `widget.html` as the whole page, each tab a page of the context. */
function pageEmbed(context: BrowserContext, broker: BrokerFixture, agent: AgentSocket, wsUrl: string): Embed {
  return {
    async open() {
      const page = await context.newPage();
      const chat = new ChatWidget(page, broker, agent);
      await chat.open({ broker: wsUrl });
      return {
        chat,
        async reload() {
          await page.reload();
          await chat.composer.waitFor();
        },
      };
    },
    // Before the broker closes (see ChatWidget.dispose).
    close: () => context.close(),
  };
}

/** The script tag on a host page of another site, each tab a page of the site with its panel open. */
async function scriptEmbed(context: BrowserContext, broker: BrokerFixture, agent: AgentSocket, wsUrl: string): Promise<Embed> {
  const site = await startSite(broker, agent, { wsUrl });
  const openPanel = async (tab: SiteTab) => {
    // The first tab's launcher is "Open chat"; a later tab's may count unread messages.
    await tab.page.getByRole('button', { name: /^Open chat/ }).click();
    await tab.chat.composer.waitFor();
  };
  return {
    async open() {
      const tab = await site.open(context);
      await openPanel(tab);
      return {
        chat: tab.chat,
        async reload() {
          await tab.page.reload();
          // The panel stays open across a reload (`sermo-chat-open`); the widget comes back in it.
          await tab.chat.composer.waitFor();
        },
      };
    },
    async close() {
      // Before the broker closes (see ChatWidget.dispose).
      await context.close();
      await site.close();
    },
  };
}

for (const embed of EMBEDS) defineChaos(embed);

function defineChaos(embed: string): void {
  test(`chaos (${embed}): ${MESSAGES} messages each way over ${SECONDS} s of a flapping connection and ${RELOADS} reloads, in ${TABS} tabs`, async ({ agent, broker, context }) => {
    test.setTimeout((SECONDS + SETTLE_MS / 1000) * 1000 + 90_000);
    const random = seededRandom(SEED);
    console.log(`chaos (${embed}) seed ${SEED} (replay: SEED=${SEED} CHAOS_EMBED=${embed} npm run chaos)`);
    const proxy = await startChaosProxy(Number(new URL(broker.url).port), random);
    if (embed !== 'page' && embed !== 'script') throw new Error(`CHAOS_EMBED: expected page or script, got "${embed}"`);
    const tabs = embed === 'page' ? pageEmbed(context, broker, agent, proxy.wsUrl) : await scriptEmbed(context, broker, agent, proxy.wsUrl);
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const later = (ms: number, fn: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    };

    try {
      const customer = await tabs.open();
      const widget = customer.chat;
      const userId = await widget.userId();
      // The other tabs of the conversation: the same embed in the same browser context.
      const others: ChatWidget[] = [];
      for (let n = 1; n < TABS; n++) others.push((await tabs.open()).chat);
      // The customer types in the first tab: in front, as a person's would be (a background tab's frames wait).
      await widget.page.bringToFront();
      const pad = (i: number) => String(i).padStart(4, '0');
      const customerTexts = Array.from({ length: MESSAGES }, (_, i) => `c-${pad(i)} from the customer`);
      const agentTexts = Array.from({ length: MESSAGES }, (_, i) => `a-${pad(i)} from the agent`);
      const gap = (SECONDS * 1000) / MESSAGES;

      // The schedule, all from the seed: cuts every 0.5-3 s, a third of them followed by up to 0.8 s of
      // refused connections; reloads at least 3 s apart in the middle of the storm.
      const cuts: { at: number; refuse: number }[] = [];
      for (let at = 500 + random() * 2_500; at < SECONDS * 1000; at += 500 + random() * 2_500) {
        cuts.push({ at, refuse: random() < 1 / 3 ? random() * 800 : 0 });
      }
      const reloads: number[] = [];
      while (reloads.length < RELOADS) {
        const at = (0.15 + random() * 0.7) * SECONDS * 1000;
        if (reloads.every((other) => Math.abs(other - at) >= 3_000)) reloads.push(at);
      }
      reloads.sort((a, b) => a - b);

      const started = Date.now();
      let cutCount = 0;
      let refusals = 0;
      for (const { at, refuse } of cuts) {
        later(at, () => {
          cutCount += proxy.cutAll() > 0 ? 1 : 0;
          if (refuse > 0) {
            refusals += 1;
            proxy.refuseFor(refuse);
          }
        });
      }
      agentTexts.forEach((text, i) => later((i + 0.5) * gap, () => agent.say(userId, text)));

      // The customer types each message at its time. A reload falls at the worst moment: right after a message
      // typed while the network is down, so it lives only in the outbox (in script-tag mode, a write to the
      // host page's storage still on its way); the sends wait for it.
      let reloaded = 0;
      const reloadDue = () => reloaded < reloads.length && Date.now() - started >= reloads[reloaded]!;
      for (const [i, text] of customerTexts.entries()) {
        await sleep(started + i * gap - Date.now());
        const reloading = reloadDue();
        if (reloading) {
          proxy.cutAll();
          proxy.refuseFor(REFUSE_AT_RELOAD_MS);
        }
        await widget.send(text);
        while (reloading && reloadDue()) {
          reloaded += 1;
          await customer.reload();
        }
      }
      while (reloaded < reloads.length) {
        await sleep(started + reloads[reloaded]! - Date.now());
        reloaded += 1;
        await customer.reload();
      }
      await sleep(started + SECONDS * 1000 - Date.now());
      // The storm is over: the network is calm from here on.
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      proxy.refuseFor(0);
      const calm = Date.now();

      const shownAgentTexts = (tab = widget) => tab.log.getByText(/^a-\d{4} from the agent$/).allTextContents();
      const shownOwnTexts = (tab = widget) => tab.log.getByText(/^c-\d{4} from the customer$/).allTextContents();
      /** Every tab shows every message, none of them "Sending…". */
      const allShown = async () => {
        for (const tab of [widget, ...others]) {
          if (new Set(await shownAgentTexts(tab)).size < MESSAGES || new Set(await shownOwnTexts(tab)).size < MESSAGES) return false;
          if ((await tab.log.getByText(tab.names.sending, { exact: true }).count()) > 0) return false;
        }
        return true;
      };
      const agentReceived = () => agent.inbound('text', userId).map((e) => e.text);
      let deliveredAfter: number | null = null;
      while (Date.now() - calm < SETTLE_MS) {
        const received = new Set(agentReceived());
        if (received.size >= MESSAGES && (await allShown())) {
          deliveredAfter = Date.now() - calm;
          break;
        }
        await sleep(250);
      }
      // A last moment for anything duplicated to show up, then count.
      await sleep(1_000);
      const toAgent = tally(customerTexts, agentReceived());
      const toCustomer = tally(agentTexts, await shownAgentTexts());
      const ownShown = tally(customerTexts, await shownOwnTexts());
      const otherTabs = await Promise.all(
        others.map(async (tab) => ({ agent: tally(agentTexts, await shownAgentTexts(tab)), own: tally(customerTexts, await shownOwnTexts(tab)) })),
      );

      const row = (name: string, t: Tally) =>
        `${name.padEnd(28)}${[t.sent, t.received, t.lost, t.duplicated, t.outOfOrder].map((n) => String(n).padStart(13)).join('')}` +
        (t.faults.length > 0 ? `\n${''.padEnd(28)}first faults: ${t.faults.join('; ')}` : '');
      const report = [
        `chaos (${embed}) seed ${SEED}: ${SECONDS} s, ${MESSAGES} messages each way, ${RELOADS} reloads (each right after a message typed offline); ${cutCount} cuts, ${refusals} refusal windows (${proxy.refused} connections refused, ${proxy.accepted} let through)`,
        `${''.padEnd(28)}${['sent', 'received', 'lost', 'duplicated', 'out of order'].map((h) => h.padStart(13)).join('')}`,
        row('customer -> agent', toAgent),
        row('agent -> customer (shown)', toCustomer),
        row("customer's own (shown)", ownShown),
        ...otherTabs.flatMap((t, i) => [row(`tab ${i + 2}: agent (shown)`, t.agent), row(`tab ${i + 2}: customer's own`, t.own)]),
        deliveredAfter === null
          ? `NOT everything delivered within ${SETTLE_MS / 1000} s after the storm`
          : `everything delivered ${(deliveredAfter / 1000).toFixed(1)} s after the storm (limit ${SETTLE_MS / 1000} s)`,
      ].join('\n');
      console.log(report);
      await test.info().attach('chaos figures', { body: report, contentType: 'text/plain' });

      const zero = { lost: 0, duplicated: 0, outOfOrder: 0 };
      expect(toAgent, `customer -> agent, seed ${SEED}`).toMatchObject({ ...zero, received: MESSAGES });
      expect(toCustomer, `agent -> customer, seed ${SEED}`).toMatchObject({ ...zero, received: MESSAGES });
      expect(ownShown, `the customer's own messages on screen, seed ${SEED}`).toMatchObject({ ...zero, received: MESSAGES });
      for (const [i, t] of otherTabs.entries()) {
        expect(t.agent, `tab ${i + 2}: agent messages on screen, seed ${SEED}`).toMatchObject({ ...zero, received: MESSAGES });
        expect(t.own, `tab ${i + 2}: the customer's messages on screen, seed ${SEED}`).toMatchObject({ ...zero, received: MESSAGES });
      }
      expect(deliveredAfter, `delivered within ${SETTLE_MS / 1000} s after the storm, seed ${SEED}`).not.toBeNull();
      expect(agent.inbound('start', userId)).toHaveLength(1);
    } finally {
      for (const timer of timers) clearTimeout(timer);
      await tabs.close();
      await proxy.close();
    }
  });
}
