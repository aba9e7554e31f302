/**
 * The chat widget as a person (and a screen reader) finds it: by role and accessible name, exactly as
 * DESIGN §5 lists them, in the locale the widget was opened with. Opened as the iframe embed, straight
 * at `<broker>/widget.html?broker=<ws url>&...`, or inside a host page's iframe for screenshots.
 */
import type { FrameLocator, Locator, Page, WebSocketRoute } from '@playwright/test';
import type { AgentSocket } from './chat-agent.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export type Locale = 'en' | 'sv';

/** DESIGN §5: the names that are a contract. */
export const NAMES = {
  en: {
    log: 'Messages',
    composer: 'Message',
    send: 'Send',
    attach: 'Attach image',
    quickReplies: 'Quick replies',
    queue: (n: number) => `You are number ${n} in the queue`,
    typing: (name: string) => `${name} is typing`,
    endChat: 'End chat',
    endQuestion: 'End the chat?',
    cancel: 'Cancel',
    startNew: 'Start a new chat',
    sending: 'Sending…',
    clientLeft: 'The customer has closed the chat.',
  },
  sv: {
    log: 'Meddelanden',
    composer: 'Meddelande',
    send: 'Skicka',
    attach: 'Bifoga bild',
    quickReplies: 'Snabbsvar',
    queue: (n: number) => `Du är nummer ${n} i kön`,
    typing: (name: string) => `${name} skriver`,
    endChat: 'Avsluta chatten',
    endQuestion: 'Avsluta chatten?',
    cancel: 'Avbryt',
    startNew: 'Starta en ny chatt',
    sending: 'Skickas…',
    clientLeft: 'Kunden har stängt chatten.',
  },
} as const;

export interface WidgetOptions {
  locale?: Locale;
  protocol?: 1 | 2;
  heartbeatMs?: number;
  /** Other query parameters: non-config ones become `start.params` (DESIGN §3). */
  params?: Record<string, string>;
  /** Another WebSocket URL than the fixture broker's (a raw test broker). */
  broker?: string;
}

export interface HostFrame {
  /** The iframe's CSS size in the host page. */
  width: number;
  height: number;
}

export interface BrokerAddress {
  url: string;
  wsUrl: string;
}

export class ChatWidget {
  /** Where the widget's document is: the page itself, or a host page's iframe. */
  root: Page | FrameLocator;
  locale: Locale = 'en';
  /** The widget's current socket, when `tapSocket` routes it through Playwright. */
  private socketRoute: WebSocketRoute | null = null;
  /** While true, frames the widget writes are dropped on the way to the broker (see `loseOutgoing`). */
  private losing = false;
  /** The host page server of `openInHost`, if one was started. */
  private host: StaticServer | null = null;

  constructor(
    readonly page: Page,
    private readonly broker: BrokerAddress,
    private readonly agent: AgentSocket,
  ) {
    this.root = page;
  }

  get names() {
    return NAMES[this.locale];
  }

  /** `widget.html` with its query string; configuration keys first, then `params`. */
  url(options: WidgetOptions = {}): string {
    const query = new URLSearchParams({ broker: options.broker ?? this.broker.wsUrl });
    if (options.locale) query.set('locale', options.locale);
    if (options.protocol) query.set('protocol', String(options.protocol));
    if (options.heartbeatMs) query.set('heartbeatMs', String(options.heartbeatMs));
    for (const [key, value] of Object.entries(options.params ?? {})) query.set(key, value);
    return `${this.broker.url}/widget.html?${query}`;
  }

  /** Opens the iframe embed as the whole page and waits until the composer is there. */
  async open(options: WidgetOptions = {}): Promise<void> {
    this.locale = options.locale ?? 'en';
    this.root = this.page;
    await this.page.goto(this.url(options));
    await this.composer.waitFor();
  }

  /**
   * Opens a host page (a stand-in shop on `http://localhost:PORT`, so the widget on `127.0.0.1` is
   * cross-site, as on a real customer site) with the widget in an iframe of the given size in its bottom
   * corner, as DESIGN §3's iframe embed shows it.
   */
  async openInHost(frame: HostFrame, options: WidgetOptions = {}, { waitForComposer = true } = {}): Promise<void> {
    this.locale = options.locale ?? 'en';
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1d2430; background: #f4f1ec; }
  header { padding: 20px 32px; background: #23395d; color: #fff; font-size: 22px; font-weight: 600; }
  main { padding: 32px; max-width: 640px; }
  iframe { position: fixed; right: 16px; bottom: 16px; border: 0; border-radius: 14px;
           box-shadow: 0 8px 30px rgba(0,0,0,.25); background: #fff; max-width: calc(100vw - 32px);
           max-height: calc(100vh - 32px); }
</style></head><body>
<header>Northwind Broadband</header>
<main><h1>Your invoice</h1><p>Invoice 70557076 is due on the 28th. Questions? Our customer service is in the chat.</p></main>
<iframe title="Chat" src="${this.url(options).replace(/&/g, '&amp;')}" width="${frame.width}" height="${frame.height}"></iframe>
</body></html>`;
    await this.host?.close();
    this.host = await startStaticServer({ host: 'localhost', pages: { '/': { body: html } } });
    await this.page.goto(`${this.host.origin}/`);
    this.root = this.page.frameLocator('iframe[title="Chat"]');
    // A pre-chat form (DESIGN §3 `preChat`) holds the composer back.
    if (waitForComposer) await this.composer.waitFor();
  }

  /**
   * Closes the browser context and the host page server. Chromium keeps spare (preconnected) sockets per
   * context, not per page; until they go, the broker's `close()` waits for them (see the e2e report).
   */
  async dispose(): Promise<void> {
    await this.page.context().close();
    await this.host?.close();
    this.host = null;
  }

  /**
   * Routes the widget's socket through Playwright, still connected to the real broker both ways, so a test
   * can also write frames straight into it (`inject`). Call before `open`.
   */
  async tapSocket(): Promise<void> {
    await this.page.routeWebSocket(
      (url) => url.pathname === '/ws',
      (ws) => {
        const server = ws.connectToServer();
        // Page -> broker is forwarded by hand so that `loseOutgoing` can drop frames; broker -> page as is.
        ws.onMessage((frame) => {
          if (!this.losing) server.send(frame);
        });
        this.socketRoute = ws;
      },
    );
  }

  /** Writes a text frame to the widget as if its broker had sent it (needs `tapSocket`). */
  inject(frame: string): void {
    if (!this.socketRoute) throw new Error('inject needs tapSocket() before open()');
    this.socketRoute.send(frame);
  }

  /**
   * While `on`, whatever the widget writes on its socket is lost on the way, though the socket stays open:
   * the case of DESIGN §4.3 where frames written just before a connection dies never arrive. Needs `tapSocket`.
   */
  loseOutgoing(on: boolean): void {
    if (!this.socketRoute) throw new Error('loseOutgoing needs tapSocket() before open()');
    this.losing = on;
  }

  /** The userId of the latest conversation, as the agent saw it in `start`. */
  async userId(): Promise<string> {
    await this.agent.waitForInbound('start');
    const starts = this.agent.inbound('start');
    return starts[starts.length - 1]!.userId;
  }

  // DESIGN §5 elements, by role and exact name.
  get log(): Locator {
    return this.root.getByRole('log', { name: this.names.log, exact: true });
  }
  get composer(): Locator {
    return this.root.getByRole('textbox', { name: this.names.composer, exact: true });
  }
  get sendButton(): Locator {
    return this.root.getByRole('button', { name: this.names.send, exact: true });
  }
  get attachButton(): Locator {
    return this.root.getByRole('button', { name: this.names.attach, exact: true });
  }
  /** The hidden `<input type="file">` behind "Attach image". */
  get fileInput(): Locator {
    return this.root.locator('input[type="file"]');
  }
  get quickReplies(): Locator {
    return this.root.getByRole('group', { name: this.names.quickReplies, exact: true });
  }
  quickReply(text: string): Locator {
    return this.quickReplies.getByRole('button', { name: text, exact: true });
  }
  queueStatus(position: number): Locator {
    return this.root.getByRole('status', { name: this.names.queue(position), exact: true });
  }
  typingStatus(name: string): Locator {
    return this.root.getByRole('status', { name: this.names.typing(name), exact: true });
  }
  get endChatButton(): Locator {
    return this.root.getByRole('button', { name: this.names.endChat, exact: true });
  }
  get endDialog(): Locator {
    return this.root.getByRole('alertdialog', { name: this.names.endQuestion, exact: true });
  }
  get startNewButton(): Locator {
    return this.root.getByRole('button', { name: this.names.startNew, exact: true });
  }

  /** Every message row of the log, in order: the log holds blocks of rows (src/widget/ui/MessageList.tsx). */
  get rows(): Locator {
    return this.log.locator(':scope > * > *');
  }

  /** A message in the log containing this text (a bubble or a system line). */
  message(text: string | RegExp): Locator {
    return this.log.getByText(text, { exact: typeof text === 'string' });
  }

  /** Types `text` into the composer (one input event) and presses Send. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.sendButton.click();
  }

  /** End chat, then confirm in the dialog. */
  async endChat(): Promise<void> {
    await this.endChatButton.click();
    await this.endDialog.getByRole('button', { name: this.names.endChat, exact: true }).click();
  }
}
