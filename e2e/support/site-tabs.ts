/**
 * A customer's site with the widget in script-tag mode, open in several tabs of one browser context (DESIGN
 * §4.5): host pages on `http://localhost:PORT`, `sermo.js`, the widget and the real reference broker on
 * `127.0.0.1` (a cross-site iframe, as on a real site). A tab is found as a person finds it: the launcher by
 * its name in the host page, the panel by role and name inside the iframe (`ChatWidget`).
 *
 * `recordWire` routes every customer socket of the context through Playwright, still connected to the broker
 * both ways, and records what each tab's widget wrote: what a test must see once on the wire (`start`, each
 * text id) is counted there, not behind the broker's dedupe.
 */
import type { BrowserContext, Locator, Page, WebSocketRoute } from '@playwright/test';
import type { AgentSocket } from './chat-agent.ts';
import { ChatWidget, type BrokerAddress } from './chat-widget.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export interface SiteOptions {
  /** `data-resume-minutes`; absent: the default (30). */
  resumeMinutes?: number;
  /** `data-heartbeat-ms`. */
  heartbeatMs?: number;
  /** `data-pre-chat` (DESIGN §3 `preChat`). */
  preChat?: string;
  /** `data-broker`; absent: the broker's own customer endpoint (the chaos test puts its proxy here). */
  wsUrl?: string;
}

/** A frame a tab's widget wrote, as JSON (test code: the widget's own parser is not under test here). */
export interface WireFrame {
  type?: unknown;
  id?: unknown;
  userId?: unknown;
  text?: unknown;
}

export class SiteTab {
  readonly chat: ChatWidget;

  constructor(
    readonly page: Page,
    broker: BrokerAddress,
    agent: AgentSocket,
  ) {
    this.chat = new ChatWidget(page, broker, agent);
    this.chat.root = page.frameLocator('iframe[title="Chat"]');
  }

  /** The launcher, by its exact name ("Open chat", "Minimise chat", "Open chat (1 unread)"). */
  launcher(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get frame(): Locator {
    return this.page.locator('iframe[title="Chat"]');
  }

  /** Opens the panel with the launcher and waits for the composer. */
  async openPanel(): Promise<void> {
    await this.launcher('Open chat').click();
    await this.chat.composer.waitFor();
  }
}

export interface Site {
  origin: string;
  /** A new tab of `context` on `path` of the site. */
  open(context: BrowserContext, path?: string): Promise<SiteTab>;
  close(): Promise<void>;
}

export async function startSite(broker: BrokerAddress, agent: AgentSocket, options: SiteOptions = {}): Promise<Site> {
  const attrs = [
    `data-broker="${options.wsUrl ?? broker.wsUrl}"`,
    options.resumeMinutes === undefined ? '' : `data-resume-minutes="${options.resumeMinutes}"`,
    options.heartbeatMs === undefined ? '' : `data-heartbeat-ms="${options.heartbeatMs}"`,
    options.preChat === undefined ? '' : `data-pre-chat="${options.preChat}"`,
  ].join(' ');
  const page = (title: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>` +
    `<body><main><h1>${title}</h1><p><a href="/other">Another page</a></p></main>` +
    `<script src="${broker.url}/sermo.js" async ${attrs}></script></body></html>`;
  const server: StaticServer = await startStaticServer({ host: 'localhost', pages: { '/': { body: page('Shop') }, '/other': { body: page('Other') } } });
  return {
    origin: server.origin,
    async open(context, path = '/') {
      const tab = new SiteTab(await context.newPage(), broker, agent);
      await tab.page.goto(`${server.origin}${path}`);
      await tab.launcher('Open chat').or(tab.page.getByRole('button', { name: /^Open chat \(|^Minimise chat$/ })).waitFor();
      return tab;
    },
    close: () => server.close(),
  };
}

/**
 * Routes every customer socket of `context` through Playwright, connected to the broker, and records what
 * the widgets of every tab wrote (page -> broker), in order. Call before opening pages.
 */
export async function recordWire(context: BrowserContext): Promise<WireFrame[]> {
  const frames: WireFrame[] = [];
  await context.routeWebSocket(
    (url) => url.pathname === '/ws',
    (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        if (typeof message === 'string') frames.push(JSON.parse(message) as WireFrame);
        server.send(message);
      });
    },
  );
  return frames;
}

/**
 * Cuts the customer sockets of `context` from the broker while the network stays up (an offline context
 * could not reload its pages): `cut()` closes every socket and each new one at once; `reconnect()` lets new
 * ones through again. Call before opening pages.
 */
export async function brokerSwitch(context: BrowserContext): Promise<{ cut(): Promise<void>; reconnect(): void }> {
  let isCut = false;
  const live = new Set<WebSocketRoute>();
  await context.routeWebSocket(
    (url) => url.pathname === '/ws',
    (ws) => {
      if (isCut) {
        void ws.close();
        return;
      }
      live.add(ws);
      ws.connectToServer();
    },
  );
  return {
    async cut() {
      isCut = true;
      for (const ws of live) await ws.close();
      live.clear();
    },
    reconnect() {
      isCut = false;
    },
  };
}
