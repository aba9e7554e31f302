/**
 * The example single-page app (`examples/spa`, DESIGN §3.4) against the real broker: the widget is mounted on
 * the Support route and destroyed on Home. Mount, open, chat, route away, come back: one widget, one socket,
 * the conversation continued (no second `start`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { expect, test } from './fixtures.ts';
import { collectErrors } from './support/page-errors.ts';
import { partitionedStorage } from './support/partitioned-storage.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

// The widget keeps its conversation in its own storage, which the second mount finds again.
test.use(partitionedStorage);

const EXAMPLE = resolve(import.meta.dirname, '../examples/spa');

/** Builds the example for this broker, as its developer would (`VITE_SERMO_*`), and serves it on localhost. */
async function serveExample(brokerUrl: string): Promise<StaticServer & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sermo-example-'));
  // What VITE_SERMO_BROKER and VITE_SERMO_WIDGET_URL set in a developer's environment would define.
  const define = {
    'import.meta.env.VITE_SERMO_BROKER': JSON.stringify(`${brokerUrl.replace(/^http/, 'ws')}/ws`),
    'import.meta.env.VITE_SERMO_WIDGET_URL': JSON.stringify(`${brokerUrl}/widget.html`),
  };
  // The example's config takes `sermo-webchat` from SERMO_OUT_DIR (else dist/), the build under test.
  await build({ configFile: join(EXAMPLE, 'vite.config.ts'), logLevel: 'silent', define, build: { outDir: dir, emptyOutDir: true } });
  const index = await readFile(join(dir, 'index.html'), 'utf8');
  // A single-page app's server answers every route with the app.
  const server = await startStaticServer({ root: dir, host: 'localhost', pages: { '/': { body: index }, '/support': { body: index } } });
  return { ...server, dir, close: async () => (await server.close(), await rm(dir, { recursive: true, force: true })) };
}

test('mounted on one route, destroyed on another, continued on coming back', async ({ page, broker, agent }) => {
  const app = await serveExample(broker.url);
  try {
    const errors = collectErrors(page);
    await page.goto(`${app.origin}/?topic=plans`);
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await expect(page.locator('sermo-chat')).toHaveCount(0);

    await page.getByRole('link', { name: 'Support' }).click();
    const launcher = page.getByRole('button', { name: 'Open chat', exact: true });
    await launcher.click();
    const panel = page.frameLocator('iframe[title="Chat"]');
    const composer = panel.getByRole('textbox', { name: 'Message', exact: true });
    await expect(composer).toBeFocused();
    await composer.fill('Which plan is fastest?');
    await composer.press('Enter');
    const text = await agent.waitForInbound('text', (e) => e.text === 'Which plan is fastest?');
    agent.say(text.userId, 'Fibre 1000.');
    await expect(panel.getByText('Fibre 1000.')).toBeVisible();

    await page.getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
    await expect(page.locator('sermo-chat')).toHaveCount(0);

    await page.getByRole('link', { name: 'Support' }).click();
    await expect(page.locator('sermo-chat')).toHaveCount(1);
    // The panel was open when the route changed: it is open again, as after a page navigation.
    await expect(page.getByRole('button', { name: 'Minimise chat', exact: true })).toBeVisible();
    await expect(panel.getByText('Which plan is fastest?')).toBeVisible();
    await expect(panel.getByText('Fibre 1000.')).toBeVisible();
    await expect(composer).toBeEnabled();

    // One conversation: one start, and one customer socket open at the broker now.
    expect(agent.inbound('start')).toHaveLength(1);
    expect(agent.inbound('start')[0]!.userId).toBe(text.userId);
    await expect.poll(async () => (await (await fetch(`${broker.url}/healthz`)).json()).customers).toBe(1);
    expect(errors).toEqual([]);
  } finally {
    await app.close();
  }
});
