/**
 * DESIGN §6.2 "Widget configuration from a URL": a widget built with SERMO_WIDGET_BROKERS takes `broker` and
 * `imagesUrl` from widget.html's query only if they are on that list. A link naming another broker (an
 * attacker's "agent" on the company's own widget page) shows a clear error and connects nowhere.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectErrors, hostHtml, startFakeBroker, type FakeBroker } from './support/embed-host.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

let listed: FakeBroker;
let other: FakeBroker;
let build: string;
let widget: StaticServer;
let host: StaticServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  listed = await startFakeBroker();
  other = await startFakeBroker();
  // A build of its own, for the listed broker only.
  build = mkdtempSync(join(tmpdir(), 'sermo-listed-'));
  const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
    cwd: resolve(import.meta.dirname, '..'),
    env: { ...process.env, SERMO_OUT_DIR: build, SERMO_WIDGET_BROKERS: new URL(listed.url).origin },
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  widget = await startStaticServer({ root: build, host: '127.0.0.1' });
  const frame = (query: string) => hostHtml(`<iframe src="${widget.origin}/widget.html?${query}" title="Chat" style="width:380px;height:600px;border:0"></iframe>`);
  host = await startStaticServer({
    host: 'localhost',
    pages: {
      '/listed': { body: frame(`broker=${encodeURIComponent(listed.url)}&queue=listed`) },
      '/other': { body: frame(`broker=${encodeURIComponent(other.url)}&queue=phish`) },
      '/other-sv': { body: frame(`broker=${encodeURIComponent(other.url)}&locale=sv`) },
      '/images': { body: frame(`broker=${encodeURIComponent(listed.url)}&imagesUrl=${encodeURIComponent('https://evil.example/x')}&queue=images`) },
    },
  });
});
test.afterAll(async () => {
  await Promise.all([widget?.close(), host?.close(), listed?.close(), other?.close()]);
  if (build) rmSync(build, { recursive: true, force: true });
});

test('a broker on the build-time list: the chat connects', async ({ page }) => {
  await page.goto(`${host.origin}/listed`);
  await expect(page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true })).toBeVisible();
  await expect.poll(() => listed.frames.some((f) => f.type === 'start' && f.params?.queue === 'listed')).toBe(true);
});

test('a broker not on the list: a clear error, the refused value not shown, no connection', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${host.origin}/other`);
  const panel = page.frameLocator('iframe[title="Chat"]');
  await expect(panel.getByRole('alert')).toHaveText('This chat cannot be opened: its settings are not valid.');
  await expect(panel.getByRole('textbox')).toHaveCount(0);
  expect(errors).toEqual([
    `Sermo chat: invalid config "broker": expected a broker this widget was built for (SERMO_WIDGET_BROKERS), got "${other.url}"`,
  ]);
  expect(other.connections).toBe(0);
});

test('in Swedish too', async ({ page }) => {
  await page.goto(`${host.origin}/other-sv`);
  await expect(page.frameLocator('iframe[title="Chat"]').getByRole('alert')).toHaveText('Chatten kan inte öppnas: inställningarna är ogiltiga.');
  expect(other.connections).toBe(0);
});

test('an image endpoint not on the list: refused the same way', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${host.origin}/images`);
  await expect(page.frameLocator('iframe[title="Chat"]').getByRole('alert')).toBeVisible();
  expect(errors).toEqual([expect.stringContaining('invalid config "imagesUrl"')]);
  expect(listed.frames.some((f) => f.params?.queue === 'images')).toBe(false);
});
