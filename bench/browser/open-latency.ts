/**
 * Open latency (DESIGN §8: click on the launcher to composer usable <= 300 ms, against a local broker).
 * Each run is a fresh context (first open: the iframe is made on the click, its files not cached). The
 * click's event time on the host page, and in the iframe the moments its textarea was enabled and its
 * socket opened, all on the shared epoch clock; usable = the later of the two.
 */
import { type Figure, makeFigure } from '../figures.ts';
import { median, quantile } from '../stats.ts';
import { type Harness, widgetFrame } from './harness.ts';

interface OpenSample {
  composer: number;
  socket: number;
  usable: number;
}

async function measureOnce(harness: Harness): Promise<OpenSample> {
  const context = await harness.newContext();
  try {
    const page = await context.newPage();
    await page.goto(harness.hostUrl('loader'), { waitUntil: 'load' });
    await page.evaluate(() => window.__bench!.launcherShown);
    await page.getByRole('button', { name: /^Open chat/ }).click();
    const frame = await widgetFrame(page);
    await frame.evaluate(() => window.__bench!.usable);
    const clickAt = await page.evaluate(() => window.__bench!.clickAt);
    const inFrame = await frame.evaluate(() => ({ composer: window.__bench!.composerAt, socket: window.__bench!.socketOpenAt }));
    if (clickAt === null || inFrame.composer === null || inFrame.socket === null) throw new Error('open latency: a timestamp is missing');
    const composer = inFrame.composer - clickAt;
    const socket = inFrame.socket - clickAt;
    await page.close();
    return { composer, socket, usable: Math.max(composer, socket) };
  } finally {
    await context.close();
  }
}

export async function runOpenLatency(harness: Harness, runs: number): Promise<{ figures: Figure[]; details: unknown }> {
  await measureOnce(harness); // warm-up, unrecorded
  const samples: OpenSample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await measureOnce(harness));
  const usable = samples.map((s) => s.usable);
  const figures = [
    makeFigure({ id: 'open.median', label: `click on launcher to composer usable, median of ${runs}`, unit: 'ms', value: median(usable), samples: usable, budget: { op: '<=', limit: 300 } }),
    makeFigure({ id: 'open.p95', label: `click on launcher to composer usable, p95 of ${runs}`, unit: 'ms', value: quantile(usable, 0.95), samples: usable, budget: { op: '<=', limit: 300 } }),
    makeFigure({ id: 'open.composer', label: '  of which: textbox enabled (median)', unit: 'ms', value: median(samples.map((s) => s.composer)), samples: samples.map((s) => s.composer) }),
    makeFigure({ id: 'open.socket', label: '  of which: socket open (median)', unit: 'ms', value: median(samples.map((s) => s.socket)), samples: samples.map((s) => s.socket) }),
  ];
  return { figures, details: { runs, samples } };
}
