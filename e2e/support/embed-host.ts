/**
 * Servers for the embed specs: host pages on `http://localhost:PORT`, the built widget on
 * `http://127.0.0.1:PORT2` (so the iframe is cross-origin, as on a real site), and a tiny WebSocket broker
 * that records what the widget sends and can answer as an agent.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { WebSocketServer, type WebSocket } from 'ws';
import { startStaticServer, type StaticServer } from './static-server.ts';

export const BUILD_DIR = resolve(import.meta.dirname, '..', '..', process.env.SERMO_OUT_DIR ?? 'dist');

/** A frame the widget sent, as JSON (test code: the widget's own parser is not under test here). */
export type Frame = Record<string, unknown> & { type?: string; userId?: string; params?: Record<string, string> };

export interface FakeBroker {
  url: string;
  frames: Frame[];
  /** WebSocket connections accepted so far. */
  readonly connections: number;
  /** Send an outbound event to every connected widget. */
  sendToAll(event: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startFakeBroker(): Promise<FakeBroker> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
  await new Promise<void>((ok) => wss.once('listening', () => ok()));
  const frames: Frame[] = [];
  const sockets = new Set<WebSocket>();
  let connections = 0;
  wss.on('connection', (ws) => {
    connections++;
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      const frame: Frame = JSON.parse(String(data));
      frames.push(frame);
      // DESIGN §4.3: acknowledge what carries an id, as the reference broker does.
      if (typeof frame.id === 'string') ws.send(JSON.stringify({ type: 'ack', id: frame.id }));
    });
  });
  const address = wss.address();
  if (!address || typeof address === 'string') throw new Error('fake broker has no port');
  return {
    url: `ws://127.0.0.1:${address.port}/ws`,
    frames,
    get connections() {
      return connections;
    },
    sendToAll: (event) => sockets.forEach((ws) => ws.send(JSON.stringify(event))),
    close: () =>
      new Promise<void>((ok) => {
        sockets.forEach((ws) => ws.terminate());
        wss.close(() => ok());
      }),
  };
}

export interface EmbedServers {
  /** `http://127.0.0.1:PORT2`: the built widget (`sermo.js`, `widget.html`) plus `widgetPages`. */
  widget: StaticServer;
  /** `http://localhost:PORT`: the host pages. */
  host: StaticServer;
  broker: FakeBroker;
  close(): Promise<void>;
}

type Pages = Record<string, { body: string; headers?: Record<string, string> }>;

/** Start the three servers; `hostPages` gets the widget origin and broker URL to write its script tags. */
export async function startEmbedServers(
  hostPages: (widgetOrigin: string, brokerUrl: string) => Pages,
  widgetPages: Pages = {},
): Promise<EmbedServers> {
  const broker = await startFakeBroker();
  // As a CDN serves it: the module (sermo.mjs) is loaded cross-origin, in CORS mode.
  const widget = await startStaticServer({ root: BUILD_DIR, host: '127.0.0.1', pages: widgetPages, headers: { 'access-control-allow-origin': '*' } });
  const host = await startStaticServer({ host: 'localhost', pages: hostPages(widget.origin, broker.url) });
  return {
    widget,
    host,
    broker,
    close: async () => {
      await Promise.all([widget.close(), host.close(), broker.close()]);
    },
  };
}

/** A plain host page around `inner` (script tags, markup). */
export const hostHtml = (inner: string, title = 'Shop'): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title></head>` +
  `<body><main><h1>${title}</h1><p><a href="/other">Another page</a></p></main>${inner}</body></html>`;

/** Console errors and page errors of a page (its frames included), to assert there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Wait until the fake broker has a frame of `type` matching `test`. */
export async function frameOf(broker: FakeBroker, type: string, test: (f: Frame) => boolean = () => true): Promise<Frame> {
  const { expect } = await import('@playwright/test');
  let found: Frame | undefined;
  await expect
    .poll(() => {
      found = broker.frames.find((f) => f.type === type && test(f));
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}
