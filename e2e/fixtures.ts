/**
 * Playwright fixtures for the chat specs (STYLE B.11, tldraw's `fixtures/` pattern):
 * - `broker`: the real reference broker on a free port, serving the build folder, torn down after the test;
 * - `agent`: an application socket on it that records what the widget's events look like to a bot or agent
 *   desk, and answers as one;
 * - `widget`: the iframe embed, found by role and name (DESIGN §5).
 * Each test gets its own of all three, so tests are independent and can run in parallel.
 */
import { test as base } from '@playwright/test';
import { resolve } from 'node:path';
import { startBroker } from '../src/broker/server.ts';
import { AgentSocket } from './support/chat-agent.ts';
import { ChatWidget } from './support/chat-widget.ts';

export { expect } from '@playwright/test';

export const API_KEY = 'e2e-key';
/** The build under test: `SERMO_OUT_DIR` lets helpers building side by side test their own. */
export const BUILD_DIR = resolve(import.meta.dirname, '..', process.env.SERMO_OUT_DIR ?? 'dist');

export interface BrokerFixture {
  /** http://127.0.0.1:PORT, which also serves `widget.html`. */
  url: string;
  /** ws://127.0.0.1:PORT/ws, the customer endpoint. */
  wsUrl: string;
  /** Terminates customer sockets, as a restart of the broker's connection layer would. Returns how many. */
  dropCustomerSockets(userId?: string): number;
}

interface ChatFixtures {
  broker: BrokerFixture;
  agent: AgentSocket;
  widget: ChatWidget;
}

export const test = base.extend<ChatFixtures>({
  broker: async ({}, use) => {
    const broker = await startBroker({ port: 0, host: '127.0.0.1', apiKeys: [API_KEY], staticDir: BUILD_DIR, log: () => {} });
    try {
      await use({
        url: broker.url,
        wsUrl: `${broker.url.replace(/^http/, 'ws')}/ws`,
        dropCustomerSockets: (userId) => broker.dropCustomerSockets(userId),
      });
    } finally {
      await broker.close();
    }
  },
  agent: async ({ broker }, use) => {
    const agent = await AgentSocket.connect(broker.url.replace(/^http/, 'ws'), API_KEY);
    try {
      await use(agent);
    } finally {
      await agent.close();
    }
  },
  widget: async ({ page, broker, agent }, use) => {
    const widget = new ChatWidget(page, broker, agent);
    try {
      await use(widget);
    } finally {
      // Before the broker closes: the browser's spare connections to it would hold up its close().
      await widget.dispose();
    }
  },
});
