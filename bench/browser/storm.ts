/**
 * Event storm (DESIGN §8: 1,000 agent events per second, text and typing mixed: no frame longer than
 * 50 ms, memory flat). Inside the widget's frame: animation-frame intervals during the storm, the JS heap
 * before and after (forced GC), and that every text is shown exactly once.
 *
 * "Memory flat" is judged as the heap growth beyond what the texts shown must hold, using the bytes per
 * message measured by the render benchmark in the same run: typing events must leave nothing behind.
 */
import { type Figure, makeFigure, mb } from '../figures.ts';
import { minMax } from '../stats.ts';
import { agentText, sleep, typing } from './feed.ts';
import { type Harness, usedHeap } from './harness.ts';
import { openConversation, waitForRows } from './render-cost.ts';

export interface StormPlan {
  eventsPerSecond: number;
  durationMs: number;
  /** How long the widget may take after the storm to show the last text; later ones count as missing. */
  catchUpLimitMs: number;
}

/** Ten events: four texts, three typing_on, three typing_off, interleaved. */
const PATTERN = ['on', 'text', 'off', 'on', 'text', 'off', 'text', 'on', 'text', 'off'] as const;
const SEND_TICK_MS = 10;
/** One frame at 60 Hz; an interval longer than 1.5 of these lost at least one frame. */
const FRAME_MS = 1000 / 60;
/** Heap growth beyond the texts' own that still counts as flat (GC and JIT noise). */
const FLAT_SLACK = mb(1);

export async function runStorm(harness: Harness, plan: StormPlan, bytesPerMessage: number | null): Promise<{ figures: Figure[]; details: unknown }> {
  const context = await harness.newContext();
  try {
    const { frame, userId, sessions } = await openConversation(harness, context);
    const heapSession = sessions.frame ?? sessions.page;
    await sleep(500);
    const baseRows = await frame.evaluate(() => window.__bench!.rows());
    const before = await usedHeap(heapSession);

    await frame.evaluate(() => window.__bench!.startFrames());
    let sent = 0;
    let texts = 0;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - started;
        const due = Math.min(Math.floor((elapsed / 1000) * plan.eventsPerSecond), (plan.durationMs / 1000) * plan.eventsPerSecond) - sent;
        for (let i = 0; i < due; i++) {
          const kind = PATTERN[sent % PATTERN.length]!;
          if (kind === 'text') harness.app.send(agentText(userId, `storm-${texts++}`, texts));
          else harness.app.send(typing(userId, kind === 'on'));
          sent += 1;
        }
        if (elapsed >= plan.durationMs) {
          clearInterval(timer);
          resolve();
        }
      }, SEND_TICK_MS);
    });
    const sendMs = performance.now() - started;
    const catchUp = await waitForRows(frame, baseRows + texts, plan.catchUpLimitMs);
    const catchUpMs = catchUp.ms;
    await sleep(200);
    const intervals = await frame.evaluate(() => window.__bench!.stopFrames());
    await sleep(500);
    const after = await usedHeap(heapSession);

    const shown = await frame.evaluate(() => window.__bench!.rowTexts());
    const counts = new Map<number, number>();
    for (const row of shown) {
      const marker = /storm-(\d+)\b/.exec(row);
      if (marker) counts.set(Number(marker[1]), (counts.get(Number(marker[1])) ?? 0) + 1);
    }
    let missing = 0;
    let duplicated = 0;
    for (let i = 0; i < texts; i++) {
      const times = counts.get(i) ?? 0;
      if (times === 0) missing += 1;
      if (times > 1) duplicated += 1;
    }

    const longest = intervals.length ? minMax(intervals).max : Number.NaN;
    const dropped = intervals.reduce((n, d) => n + Math.max(0, Math.round(d / FRAME_MS) - 1), 0);
    const over50 = intervals.filter((d) => d > 50).length;
    const growth = after - before;
    const shownTexts = texts - missing;
    const excess = bytesPerMessage === null ? null : growth - shownTexts * bytesPerMessage;
    const timedOut = catchUp.shown < baseRows + texts;
    const seconds = plan.durationMs / 1000;
    const figures = [
      makeFigure({ id: 'storm.rate', label: `storm: agent events sent per s for ${seconds} s (${texts.toLocaleString('en')} texts)`, unit: 'per s', value: sent / (sendMs / 1000) }),
      makeFigure({ id: 'storm.longestFrame', label: 'storm: longest frame (rAF interval in the iframe)', unit: 'ms', value: longest, samples: intervals, budget: { op: '<=', limit: 50 } }),
      makeFigure({ id: 'storm.framesOver50', label: 'storm: frames longer than 50 ms', unit: 'count', value: over50 }),
      makeFigure({ id: 'storm.dropped', label: `storm: dropped frames (of ${intervals.length + dropped} at 60 Hz)`, unit: 'count', value: dropped }),
      makeFigure({
        id: 'storm.catchUp',
        label: 'storm: last text shown after the storm ended',
        unit: 'ms',
        value: catchUpMs,
        ...(timedOut ? { note: `not all shown within ${plan.catchUpLimitMs / 1000} s` } : {}),
      }),
      makeFigure({ id: 'storm.heapBefore', label: 'storm: widget JS heap before', unit: 'MB', value: before }),
      makeFigure({ id: 'storm.heapAfter', label: 'storm: widget JS heap after (forced GC)', unit: 'MB', value: after }),
      makeFigure({
        id: 'storm.heapExcess',
        label: 'storm: heap growth beyond the texts shown (memory flat)',
        unit: 'MB',
        value: excess,
        budget: { op: '<=', limit: FLAT_SLACK },
        note:
          excess === null
            ? 'needs the render benchmark in the same run for the bytes per message'
            : `growth ${(growth / 2 ** 20).toFixed(2)} MB for ${shownTexts} texts shown at ${Math.round(bytesPerMessage ?? 0)} B each (render benchmark)`,
      }),
      makeFigure({
        id: 'storm.shownOnce',
        label: 'storm: every text shown exactly once',
        unit: 'yes/no',
        value: missing === 0 && duplicated === 0 ? 1 : 0,
        budget: { op: '>=', limit: 1 },
        ...(missing || duplicated
          ? {
              note:
                `${missing} not shown, ${duplicated} shown more than once, of ${texts}` +
                (timedOut ? `; the widget was still catching up after ${plan.catchUpLimitMs / 1000} s, so "not shown" may be late, not lost` : ''),
            }
          : {}),
      }),
    ];
    return { figures, details: { plan, sent, texts, sendMs, catchUpMs, intervals, before, after, missing, duplicated } };
  } finally {
    await context.close();
  }
}
