/**
 * Host-page cost (DESIGN §8: the loader adds <= 5 ms of main-thread time before the launcher shows, and
 * no long task). The same host page with and without the script tag, in fresh contexts, interleaved:
 * CDP `Performance.getMetrics` ScriptDuration and TaskDuration when the launcher is first painted (with)
 * or at load plus two frames (without); the difference of medians is what the loader adds.
 */
import { type Figure, makeFigure } from '../figures.ts';
import { median, minMax } from '../stats.ts';
import { type Harness, type HostPage, metrics } from './harness.ts';

interface HostSample {
  /** Main-thread JavaScript, ms (CDP ScriptDuration). */
  script: number;
  /** All main-thread work: script, style, layout, parsing, ms (CDP TaskDuration). */
  task: number;
  /** performance.now() at the launcher's first painted frame (with) or load + 2 frames (without). */
  at: number;
  /** Long tasks (>= 50 ms) that started before that moment. */
  longTasks: number;
  longestTask: number;
}

async function measureOnce(harness: Harness, kind: HostPage): Promise<HostSample> {
  const context = await harness.newContext();
  try {
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable');
    await page.goto(harness.hostUrl(kind), { waitUntil: 'domcontentloaded' });
    const at = kind === 'loader' ? await page.evaluate(() => window.__bench!.launcherShown) : await page.evaluate(() => window.__bench!.loaded);
    const m = await metrics(session);
    const tasks = await page.evaluate((until) => window.__bench!.longTasks.filter((t) => t.start < until), at);
    return {
      script: (m['ScriptDuration'] ?? Number.NaN) * 1000,
      task: (m['TaskDuration'] ?? Number.NaN) * 1000,
      at,
      longTasks: tasks.length,
      longestTask: Math.max(0, ...tasks.map((t) => t.duration)),
    };
  } finally {
    await context.close();
  }
}

export async function runHostCost(harness: Harness, runs: number): Promise<{ figures: Figure[]; details: unknown }> {
  const blank: HostSample[] = [];
  const loader: HostSample[] = [];
  // One of each first, unrecorded: the first page of a browser pays its own start-up.
  await measureOnce(harness, 'blank');
  await measureOnce(harness, 'loader');
  for (let i = 0; i < runs; i++) {
    blank.push(await measureOnce(harness, 'blank'));
    loader.push(await measureOnce(harness, 'loader'));
  }
  const added = (key: 'script' | 'task') => {
    const base = median(blank.map((s) => s[key]));
    return { value: median(loader.map((s) => s[key])) - base, samples: loader.map((s) => s[key] - base) };
  };
  const longTasks = loader.map((s) => s.longTasks);
  const script = added('script');
  const task = added('task');
  const figures = [
    makeFigure({ id: 'host.script', label: 'host page: scripting the loader adds before the launcher shows', unit: 'ms', ...script, budget: { op: '<=', limit: 5 } }),
    makeFigure({ id: 'host.task', label: 'host page: all main-thread work it adds (script, style, layout)', unit: 'ms', ...task }),
    makeFigure({
      id: 'host.longTasks',
      label: 'host page: long tasks before the launcher shows (worst run)',
      unit: 'count',
      value: minMax(longTasks).max,
      samples: longTasks,
      budget: { op: '<=', limit: 0 },
      note: `longest task seen ${minMax(loader.map((s) => s.longestTask)).max.toFixed(1)} ms; without the loader ${minMax(blank.map((s) => s.longTasks)).max} long task(s)`,
    }),
    makeFigure({ id: 'host.launcherVisible', label: 'host page: navigation start to launcher painted', unit: 'ms', value: median(loader.map((s) => s.at)), samples: loader.map((s) => s.at) }),
  ];
  return { figures, details: { runs, blank, loader } };
}
