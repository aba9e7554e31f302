/**
 * Reload of a long conversation (DESIGN §8: a page with a 5,000-message conversation reloaded, the whole
 * transcript shown and the composer usable within 500 ms after the iframe starts loading). A conversation
 * is filled through the real broker as the render suite does it, then the host page is reloaded: the loader
 * makes the iframe at once (a conversation is running), and the widget restores the transcript from its
 * storage. Measured inside the new iframe, on its own clock (performance.now() counts from the moment its
 * navigation started): when the log first held every row, and when its composer was first usable.
 *
 * The host page is on the widget's site (another port of 127.0.0.1): the Debian Chromium of this project
 * blocks third-party storage outright (its TrackingProtection3pcd feature), where Chrome, Firefox and
 * Safari give a cross-site iframe storage partitioned per top-level site; on another site the widget here
 * would have no storage to reload from at all.
 */
import { type Figure, makeFigure } from '../figures.ts';
import { median, quantile } from '../stats.ts';
import { sleep } from './feed.ts';
import { type Harness, widgetFrame } from './harness.ts';
import { openConversation, prefill } from './render-cost.ts';

export interface ReloadPlan {
  messages: number;
  reloads: number;
  prefillLimitMs: number;
}

interface ReloadSample {
  /** When the log first held every row the page showed before the reload (ms after the iframe started). */
  transcript: number;
  composer: number;
  usable: number;
  /** Rows shown after the reload: the same number as before, or the transcript changed. */
  rows: number;
}

export async function runReload(harness: Harness, plan: ReloadPlan): Promise<{ figures: Figure[]; details: unknown }> {
  const context = await harness.newContext({ countRows: true });
  try {
    const { page, frame, userId } = await openConversation(harness, context, true);
    const baseRows = await frame.evaluate(() => window.__bench!.rows());
    const shown = await prefill(harness, frame, userId, baseRows, plan);
    // The log is written at most 250 ms after the last message; read receipts and effects settle too.
    await sleep(1_000);
    const rows = await frame.evaluate(() => window.__bench!.rows());

    const samples: ReloadSample[] = [];
    for (let i = 0; i < plan.reloads; i++) {
      await page.reload({ waitUntil: 'load' });
      const widget = await widgetFrame(page);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const probe = await widget.evaluate(() => ({ counts: window.__bench!.rowCounts, composer: window.__bench!.composerNow }));
        const full = probe.counts.find(([, n]) => n >= rows);
        if (full && probe.composer !== null) {
          const last = probe.counts.at(-1)![1];
          samples.push({ transcript: full[0], composer: probe.composer, usable: Math.max(full[0], probe.composer), rows: last });
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(`reload ${i + 1}: the transcript of ${rows} rows did not come back within 15 s (${probe.counts.at(-1)?.[1] ?? 0} rows)`);
        }
        await sleep(100);
      }
    }

    const usable = samples.map((s) => s.usable);
    const n = shown.toLocaleString('en');
    const changed = samples.filter((s) => s.rows !== rows).length;
    const figures = [
      makeFigure({
        id: 'reload.usable.median',
        label: `reload with ${n} messages: whole transcript shown and composer usable, median of ${plan.reloads}`,
        unit: 'ms',
        value: median(usable),
        samples: usable,
        budget: { op: '<=', limit: 500 },
        ...(changed > 0 ? { note: `${changed} of ${plan.reloads} reloads showed another number of rows than the ${rows} before` } : {}),
      }),
      makeFigure({ id: 'reload.usable.p95', label: `reload with ${n} messages: the same, p95`, unit: 'ms', value: quantile(usable, 0.95), samples: usable, budget: { op: '<=', limit: 500 } }),
      makeFigure({ id: 'reload.transcript', label: '  of which: every message in the log (median)', unit: 'ms', value: median(samples.map((s) => s.transcript)), samples: samples.map((s) => s.transcript) }),
      makeFigure({ id: 'reload.composer', label: '  of which: composer usable (median)', unit: 'ms', value: median(samples.map((s) => s.composer)), samples: samples.map((s) => s.composer) }),
    ];
    return { figures, details: { plan, shown, rows, samples } };
  } finally {
    await context.close();
  }
}
