/**
 * The Chromium benchmarks: host-page cost, open latency, render cost and the event storm, sharing one
 * browser and one in-process broker. Each suite that fails is reported as such; the others still run.
 */
import type { Figure } from '../figures.ts';
import type { Section } from '../table.ts';
import { type Harness, startHarness } from './harness.ts';
import { runHostCost } from './host-cost.ts';
import { runOpenLatency } from './open-latency.ts';
import { runReload } from './reload.ts';
import { runRenderCost } from './render-cost.ts';
import { runStorm } from './storm.ts';

export type BrowserSuite = 'host' | 'open' | 'render' | 'reload' | 'storm';

interface Context {
  outDir: string;
  quick: boolean;
  suites: BrowserSuite[];
  progress: (line: string) => void;
}

const message = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 3).join(' | ') : String(error));

export async function runBrowserSuites(context: Context): Promise<{ chromium: string | null; sections: Section[]; details: Record<string, unknown> }> {
  const { quick, progress } = context;
  const sections: Section[] = [];
  const details: Record<string, unknown> = {};
  let harness: Harness;
  try {
    harness = await startHarness(context.outDir);
  } catch (error) {
    return { chromium: null, sections: context.suites.map((s) => ({ title: s, figures: [], error: `could not start Chromium and the broker: ${message(error)}` })), details };
  }
  const chromium = harness.browser.version();
  let bytesPerMessage: number | null = null;

  const run = async (name: BrowserSuite, title: string, body: () => Promise<{ figures: Figure[]; details: unknown }>) => {
    if (!context.suites.includes(name)) return;
    progress(title);
    try {
      const result = await body();
      sections.push({ title, figures: result.figures });
      details[name] = result.details;
    } catch (error) {
      sections.push({ title, figures: [], error: message(error) });
    }
  };

  try {
    const runs = quick ? 5 : 20;
    await run('host', `host-page cost (${runs} runs with and without the loader)`, () => runHostCost(harness, runs));
    await run('open', `open latency (${runs} runs, local broker)`, () => runOpenLatency(harness, runs));
    const render = { messages: 5_000, appends: quick ? 20 : 50, prefillLimitMs: quick ? 10_000 : 240_000 };
    await run('render', `render cost (${render.messages.toLocaleString('en')} messages, ${render.appends} appends)`, async () => {
      const result = await runRenderCost(harness, render);
      bytesPerMessage = result.bytesPerMessage;
      return result;
    });
    const reload = { messages: 5_000, reloads: quick ? 3 : 10, prefillLimitMs: quick ? 10_000 : 240_000 };
    await run('reload', `reload of a long conversation (${reload.messages.toLocaleString('en')} messages, ${reload.reloads} reloads)`, () => runReload(harness, reload));
    const storm = { eventsPerSecond: 1_000, durationMs: quick ? 2_000 : 10_000, catchUpLimitMs: quick ? 10_000 : 60_000 };
    await run('storm', `event storm (${storm.eventsPerSecond}/s for ${storm.durationMs / 1000} s)`, () => runStorm(harness, storm, bytesPerMessage));
  } finally {
    await harness.close();
  }
  return { chromium, sections, details };
}
