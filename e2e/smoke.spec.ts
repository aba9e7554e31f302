import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let server: StaticServer;
test.beforeAll(async () => {
  server = await startStaticServer({ root: resolve(import.meta.dirname, '..', process.env.SERMO_OUT_DIR ?? 'dist') });
});
test.afterAll(async () => server.close());

test('the built widget page loads in Chromium without console errors', async ({ page }) => {
  // A broker address where nothing listens: the page must still load cleanly and say it is reconnecting.
  const closed = await startStaticServer({});
  const deadBroker = closed.origin.replace('http', 'ws') + '/ws';
  await closed.close();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.origin}/widget.html?broker=${encodeURIComponent(deadBroker)}`);
  await expect(page.getByRole('log', { name: 'Messages' })).toBeVisible();
  // Chromium itself logs the refused WebSocket handshake as a console error; nothing else may appear.
  expect(errors.filter((e) => !/WebSocket connection to .* failed/.test(e))).toEqual([]);
});

test('sermo.js is a classic script that runs without errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.origin}/widget.html`);
  const response = await page.request.get(`${server.origin}/sermo.js`);
  expect(response.ok()).toBe(true);
  expect(await response.text()).not.toMatch(/^\s*(import|export)\b/m);
});
