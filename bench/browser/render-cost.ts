/**
 * Render cost (DESIGN §8: a new message appended to a 5,000-message conversation, p95 <= 4 ms scripting;
 * JS heap of a blank host page with the widget open and 5,000 messages <= 25 MB). The messages come from
 * an application socket through the real broker. Per append, measured inside the widget's frame: frame
 * arrival to DOM updated (probe), and the frame renderer's CDP ScriptDuration around it.
 */
import type { BrowserContext, Frame } from '@playwright/test';
import { type Figure, makeFigure, mb } from '../figures.ts';
import { median, quantile } from '../stats.ts';
import { agentText, sleep } from './feed.ts';
import { frameSession, type Harness, metrics, openWidget, type Sessions, totalHeap } from './harness.ts';

export interface RenderPlan {
  messages: number;
  appends: number;
  /** The pre-fill stops here even if the widget has not shown every message yet (it is then noted). */
  prefillLimitMs: number;
}

/** Messages sent at a time while pre-filling: the next batch waits until the widget has shown this one. */
const PREFILL_BATCH = 250;

/** Polls the log until it holds `rows` rows or the time is up; returns the rows shown and the time taken. */
export async function waitForRows(frame: Frame, rows: number, timeoutMs: number): Promise<{ shown: number; ms: number }> {
  const started = performance.now();
  for (;;) {
    const shown = await frame.evaluate(() => window.__bench!.rows());
    const ms = performance.now() - started;
    if (shown >= rows || ms > timeoutMs) return { shown, ms };
    await sleep(100);
  }
}

/**
 * Sends `plan.messages` agent texts to the conversation, in batches, so that a slow widget is not still
 * working through a backlog of frames when it is measured; a widget too slow to show them all within
 * `plan.prefillLimitMs` is measured at what it reached. Returns how many it shows.
 */
export async function prefill(harness: Harness, frame: Frame, userId: string, baseRows: number, plan: { messages: number; prefillLimitMs: number }): Promise<number> {
  const started = performance.now();
  let sent = 0;
  let shown = 0;
  while (sent < plan.messages && performance.now() - started < plan.prefillLimitMs) {
    const batch = Math.min(PREFILL_BATCH, plan.messages - sent);
    for (let i = sent; i < sent + batch; i++) harness.app.send(agentText(userId, `prefill-${i}`, i));
    sent += batch;
    shown = (await waitForRows(frame, baseRows + sent, Number.POSITIVE_INFINITY)).shown - baseRows;
  }
  return shown;
}

/** A page on the host with the widget open; the conversation's userId; CDP sessions. */
export async function openConversation(harness: Harness, context: BrowserContext, sameSite = false) {
  const page = await context.newPage();
  await page.goto(harness.hostUrl('loader', sameSite), { waitUntil: 'load' });
  const seen = harness.app.starts();
  const frame = await openWidget(page);
  const userId = await harness.app.waitForStart(seen);
  const sessions: Sessions = { page: await context.newCDPSession(page), frame: await frameSession(context, frame) };
  await (sessions.frame ?? sessions.page).send('Performance.enable');
  return { page, frame, userId, sessions };
}

export async function runRenderCost(harness: Harness, plan: RenderPlan): Promise<{ figures: Figure[]; details: unknown; bytesPerMessage: number }> {
  const context = await harness.newContext();
  try {
    const { frame, userId, sessions } = await openConversation(harness, context);
    await sleep(500);
    const empty = await totalHeap(sessions);
    const baseRows = await frame.evaluate(() => window.__bench!.rows());

    const started = performance.now();
    const shown = await prefill(harness, frame, userId, baseRows, plan);
    const prefillMs = performance.now() - started;
    await sleep(1_000); // read receipts, observers and effects of the last render
    const full = await totalHeap(sessions);

    const scripting = sessions.frame ?? sessions.page;
    const toDom: number[] = [];
    const toFrame: number[] = [];
    const script: number[] = [];
    for (let i = 0; i < plan.appends; i++) {
      const before = await metrics(scripting);
      await frame.evaluate(() => window.__bench!.arm());
      harness.app.send(agentText(userId, `append-${i}`, plan.messages + i));
      const timing = await frame.evaluate(() => window.__bench!.armed!);
      await sleep(50);
      const after = await metrics(scripting);
      toDom.push(timing.toDom);
      toFrame.push(timing.toFrame);
      script.push(((after['ScriptDuration'] ?? 0) - (before['ScriptDuration'] ?? 0)) * 1000);
    }

    const n = shown.toLocaleString('en');
    const bytesPerMessage = (full.total - empty.total) / shown;
    const short = shown < plan.messages;
    const figures = [
      makeFigure({
        id: 'render.prefill',
        label: `time to show ${n} messages (sent ${PREFILL_BATCH} at a time)`,
        unit: 'ms',
        value: prefillMs,
        ...(short ? { note: `only ${n} of ${plan.messages.toLocaleString('en')} messages shown within ${plan.prefillLimitMs / 1000} s: the figures below are at ${n}` } : {}),
      }),
      makeFigure({ id: 'render.append.dom.p50', label: `append to ${n}: frame arrival to DOM updated, p50`, unit: 'ms', value: median(toDom), samples: toDom }),
      makeFigure({ id: 'render.append.dom.p95', label: `append to ${n}: frame arrival to DOM updated, p95`, unit: 'ms', value: quantile(toDom, 0.95), samples: toDom, budget: { op: '<=', limit: 4 } }),
      makeFigure({ id: 'render.append.script.p50', label: `append to ${n}: iframe scripting (CDP), p50`, unit: 'ms', value: median(script), samples: script }),
      makeFigure({ id: 'render.append.script.p95', label: `append to ${n}: iframe scripting (CDP), p95`, unit: 'ms', value: quantile(script, 0.95), samples: script, budget: { op: '<=', limit: 4 } }),
      makeFigure({ id: 'render.append.frame.p95', label: `append to ${n}: frame arrival to next frame, p95`, unit: 'ms', value: quantile(toFrame, 0.95), samples: toFrame }),
      makeFigure({
        id: 'render.heap',
        label: `JS heap, host page + widget with ${n} messages`,
        unit: 'MB',
        value: full.total,
        budget: { op: '<=', limit: mb(25) },
        note: `host page ${(full.page / 2 ** 20).toFixed(2)} MB + widget iframe ${(full.frame / 2 ** 20).toFixed(2)} MB, after a forced GC${sessions.frame ? '' : ' (iframe not in its own renderer: counted in the page)'}`,
      }),
      makeFigure({ id: 'render.heap.empty', label: 'JS heap, host page + widget, empty conversation', unit: 'MB', value: empty.total }),
      makeFigure({ id: 'render.heap.perMessage', label: 'JS heap per message shown', unit: 'B', value: bytesPerMessage }),
    ];
    return { figures, details: { plan, shown, prefillMs, empty, full, toDom, toFrame, script }, bytesPerMessage };
  } finally {
    await context.close();
  }
}
