/**
 * The in-page probe, installed by `context.addInitScript` in every frame before any of its scripts run.
 * It only observes: it records long tasks, the launcher appearing (top frame), the click on it, the
 * widget's socket opening and its frames arriving, the composer becoming usable (iframe), DOM updates
 * after an append, and animation-frame intervals. Node reads it through `window.__bench`.
 *
 * `installProbe` is serialised by Playwright (`fn.toString()`), so it must use nothing from outside itself.
 * The same probe runs in both variants of a comparison, so its own small cost cancels out.
 */

export interface AppendTiming {
  /** Frame arrival (the socket's `message` event) to the DOM change: parse, state, render, layout effects. */
  toDom: number;
  /** Frame arrival to the next animation frame after the DOM change. */
  toFrame: number;
}

export interface BenchProbe {
  longTasks: { start: number; duration: number }[];
  /** performance.now() of the first animation frame in which the launcher has a size (top frame). */
  launcherVisibleAt: number | null;
  /** Resolves once the launcher is visible. */
  launcherShown: Promise<number>;
  /** Resolves at the load event plus two animation frames. */
  loaded: Promise<number>;
  /** Epoch ms (timeOrigin-based, comparable across frames) of the first click in this frame. */
  clickAt: number | null;
  /** Epoch ms the first WebSocket of this frame opened. */
  socketOpenAt: number | null;
  /** Epoch ms a textarea in this frame was first present and enabled. */
  composerAt: number | null;
  /** Resolves once both the socket is open and the composer usable. */
  usable: Promise<void>;
  arrivals: number;
  lastArrivalAt: number;
  /** Arms a one-shot measurement of the next frame arrival to the DOM update it causes. */
  arm(): void;
  /** The armed measurement's result. */
  armed: Promise<AppendTiming> | null;
  /** Starts recording animation-frame intervals; `stopFrames` returns them (ms). */
  startFrames(): void;
  stopFrames(): number[];
  /** Message rows of the `log` (one per message, inside the log's blocks of rows). */
  rows(): number;
  /** Text of every message row of the `log`. */
  rowTexts(): string[];
  /**
   * With `countRows` (the reload suite only: counting costs a query per DOM change): after each DOM change
   * that changed the number of rows, performance.now() and the count, so the moment the whole transcript
   * was there can be found afterwards.
   */
  rowCounts: [at: number, rows: number][];
  /** performance.now() a textarea in this frame was first present and enabled. */
  composerNow: number | null;
}

export interface ProbeOptions {
  countRows?: boolean;
}

declare global {
  interface Window {
    __bench?: BenchProbe;
  }
}

export function installProbe(options: ProbeOptions = {}): void {
  if (window.__bench) return;
  const now = () => performance.now();
  const epoch = (t: number) => performance.timeOrigin + t;
  const isTop = window === window.top;
  let resolveLauncher: (t: number) => void = () => undefined;
  let resolveLoaded: (t: number) => void = () => undefined;
  let resolveUsable: () => void = () => undefined;
  let resolveArmed: ((t: AppendTiming) => void) | null = null;
  let armedAfter = 0;
  let frameTimes: number[] | null = null;

  const probe: BenchProbe = {
    longTasks: [],
    launcherVisibleAt: null,
    launcherShown: new Promise((resolve) => (resolveLauncher = resolve)),
    loaded: new Promise((resolve) => (resolveLoaded = resolve)),
    clickAt: null,
    socketOpenAt: null,
    composerAt: null,
    usable: new Promise((resolve) => (resolveUsable = resolve)),
    arrivals: 0,
    lastArrivalAt: 0,
    arm() {
      armedAfter = probe.arrivals;
      probe.armed = new Promise((resolve) => (resolveArmed = resolve));
    },
    armed: null,
    startFrames() {
      const times: number[] = [];
      frameTimes = times;
      const tick = (t: number) => {
        if (frameTimes !== times) return;
        times.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    stopFrames() {
      const times = frameTimes ?? [];
      frameTimes = null;
      return times.slice(1).map((t, i) => t - times[i]!);
    },
    rows() {
      return document.querySelectorAll('[role="log"] > * > *').length;
    },
    rowTexts() {
      return Array.from(document.querySelectorAll('[role="log"] > * > *'), (row) => row.textContent ?? '');
    },
    rowCounts: [],
    composerNow: null,
  };
  window.__bench = probe;

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the list stays empty and the figure says so.
  }

  const checkUsable = () => {
    if (probe.composerAt === null) {
      const box = document.querySelector('textarea');
      if (box && !box.disabled && box.getAttribute('aria-disabled') !== 'true') {
        probe.composerNow = now();
        probe.composerAt = epoch(probe.composerNow);
      }
    }
    if (probe.composerAt !== null && probe.socketOpenAt !== null) resolveUsable();
  };

  // Sockets: the subclass adds its listeners in the constructor, so they run before the widget's own.
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => {
        probe.socketOpenAt ??= epoch(now());
        checkUsable();
      });
      this.addEventListener('message', () => {
        probe.arrivals += 1;
        probe.lastArrivalAt = now();
      });
    }
  };

  const onMutation = () => {
    if (!isTop) checkUsable();
    if (options.countRows && !isTop) {
      const rows = probe.rows();
      if (rows !== probe.rowCounts.at(-1)?.[1]) probe.rowCounts.push([now(), rows]);
    }
    if (resolveArmed && probe.arrivals > armedAfter) {
      const arrival = probe.lastArrivalAt;
      const resolve = resolveArmed;
      resolveArmed = null;
      const dom = now();
      requestAnimationFrame(() => resolve({ toDom: dom - arrival, toFrame: now() - arrival }));
    }
  };
  new MutationObserver(onMutation).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['disabled', 'aria-disabled'],
  });

  if (isTop) {
    addEventListener('click', (event) => (probe.clickAt ??= epoch(event.timeStamp)), true);
    addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => resolveLoaded(now()))));

    // The launcher lives in a shadow root: watch every shadow root the page attaches.
    const roots: (Document | ShadowRoot)[] = [document];
    let looking = false;
    const findLauncher = () => {
      if (looking || probe.launcherVisibleAt !== null) return;
      const button = roots.map((root) => root.querySelector('button')).find((b) => b !== null);
      if (!button) return;
      looking = true;
      const whenPainted = () => {
        const box = button.getBoundingClientRect();
        if (box.width > 0 && box.height > 0 && getComputedStyle(button).visibility !== 'hidden') {
          probe.launcherVisibleAt = now();
          resolveLauncher(probe.launcherVisibleAt);
        } else requestAnimationFrame(whenPainted);
      };
      requestAnimationFrame(whenPainted);
    };
    new MutationObserver(findLauncher).observe(document, { childList: true, subtree: true });
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
      const root = attachShadow.call(this, init);
      roots.push(root);
      new MutationObserver(findLauncher).observe(root, { childList: true, subtree: true });
      return root;
    };
  }
}
