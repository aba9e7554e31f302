/**
 * What the browser benchmarks share: Debian Chromium through Playwright, the reference broker in this
 * process serving the build (startBroker on port 0, as the e2e tests run it), an application socket, and
 * host pages served from another origin (`localhost` vs the widget's `127.0.0.1`), so the widget iframe is
 * cross-site as on a real customer site, and runs in its own renderer.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Frame, type Page } from '@playwright/test';
import { startBroker, type Broker } from '../../src/broker/server.ts';
import { type AppSocket, connectApp } from './app.ts';
import { installProbe, type ProbeOptions } from './probe.ts';

export type HostPage = 'blank' | 'loader';

export interface Harness {
  browser: Browser;
  broker: Broker;
  app: AppSocket;
  /**
   * The host page URL, without or with the loader's script tag. Served from `localhost`, another site than
   * the widget's `127.0.0.1`; `sameSite` serves it from `127.0.0.1` (another port: another origin, same
   * site), where the widget's iframe may use its storage even in a browser that blocks third-party storage.
   */
  hostUrl(page: HostPage, sameSite?: boolean): string;
  /** A fresh context (empty cache and storage) with the probe installed in every frame. */
  newContext(probe?: ProbeOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** A plain page of text: what the loader is added to. Both variants are identical but for the script tag. */
function hostHtml(loader: string): string {
  const paragraphs = Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1} of an ordinary customer page: plans, invoices and help topics.</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title>${loader}</head>
<body><header><h1>A customer's website</h1></header><main>${paragraphs}</main></body></html>`;
}

async function serveHostPages(pages: Record<string, string>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://host.invalid').pathname];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export async function startHarness(outDir: string): Promise<Harness> {
  const apiKey = `bench-${randomBytes(9).toString('base64url')}`;
  // Every page load is a new conversation from this machine: the per-address allowance is not what is measured.
  const broker = await startBroker({ port: 0, host: '127.0.0.1', apiKeys: [apiKey], staticDir: outDir, limits: { newChatsPerMinute: 0 }, log: () => undefined });
  const widgetOrigin = `http://127.0.0.1:${broker.port}`;
  const brokerWs = `ws://127.0.0.1:${broker.port}`;
  const tag = `<script src="${widgetOrigin}/sermo.js" async data-broker="${brokerWs}/ws"></script>`;
  const host = await serveHostPages({ '/blank.html': hostHtml(''), '/loader.html': hostHtml(tag) });
  const app = await connectApp(`${brokerWs}/ws/app?apiKey=${apiKey}`);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    broker,
    app,
    hostUrl: (page, sameSite) => `http://${sameSite ? '127.0.0.1' : 'localhost'}:${host.port}/${page}.html`,
    async newContext(probe = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      await context.addInitScript(installProbe, probe);
      return context;
    },
    async close() {
      await browser.close();
      app.close();
      host.server.closeAllConnections();
      await new Promise<void>((resolve) => host.server.close(() => resolve()));
      await broker.close();
    },
  };
}

/** The widget iframe of `page` once it has navigated to widget.html. */
export async function widgetFrame(page: Page, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().includes('widget.html'));
    if (frame) return frame;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error('the widget iframe did not appear');
    await page.waitForEvent('framenavigated', { timeout: Math.min(left, 500) }).catch(() => undefined);
  }
}

/** Opens the panel by clicking the launcher, as a person would; returns the widget frame. */
export async function openWidget(page: Page): Promise<Frame> {
  await page.evaluate(() => window.__bench!.launcherShown);
  await page.getByRole('button', { name: /^Open chat/ }).click();
  const frame = await widgetFrame(page);
  await frame.evaluate(() => window.__bench!.usable);
  return frame;
}

/** CDP on the page and, if the widget runs in its own renderer (cross-site), on its frame. */
export interface Sessions {
  page: CDPSession;
  frame: CDPSession | null;
}

export async function frameSession(context: BrowserContext, frame: Frame): Promise<CDPSession | null> {
  try {
    return await context.newCDPSession(frame);
  } catch {
    // Same renderer as the page (not cross-site): the page's session already covers it.
    return null;
  }
}

/** Used JS heap after a full garbage collection, in bytes. */
export async function usedHeap(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const usage = await session.send('Runtime.getHeapUsage');
  return usage.usedSize;
}

/** The page's and the widget frame's heaps together (the frame's only if it is a separate renderer). */
export async function totalHeap(sessions: Sessions): Promise<{ page: number; frame: number; total: number }> {
  const page = await usedHeap(sessions.page);
  const frame = sessions.frame ? await usedHeap(sessions.frame) : 0;
  return { page, frame, total: page + frame };
}

export async function metrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await session.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}
