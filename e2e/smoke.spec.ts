import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let server: StaticServer;
test.beforeAll(async () => {
  server = await startStaticServer({ root: resolve(import.meta.dirname, '..', process.env.SERMO_OUT_DIR ?? 'dist') });
});
test.afterAll(async () => server.close());

test('the built widget page loads in Chromium without console errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.origin}/widget.html?broker=${encodeURIComponent('ws://127.0.0.1:9/ws')}`);
  await expect(page.locator('#app')).not.toBeEmpty();
  expect(errors).toEqual([]);
});

test('sermo.js is a classic script that runs without errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.origin}/widget.html`);
  const response = await page.request.get(`${server.origin}/sermo.js`);
  expect(response.ok()).toBe(true);
  expect(await response.text()).not.toMatch(/^\s*(import|export)\b/m);
});
