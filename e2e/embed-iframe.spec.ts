/** The iframe embed (DESIGN §3): `widget.html` alone fills its frame and forwards non-config parameters. */
import { expect, test } from '@playwright/test';
import { collectErrors, frameOf, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';

let s: EmbedServers;
test.beforeAll(async () => {
  s = await startEmbedServers((widget, broker) => ({
    '/': {
      body: hostHtml(
        `<iframe src="${widget}/widget.html?broker=${encodeURIComponent(broker)}&queue=billing&topic=refund" title="Chat" ` +
          `style="width:380px;height:600px;border:0"></iframe>`,
      ),
    },
  }));
});
test.afterAll(async () => s.close());

test('widget.html in an iframe: the panel fills the frame, no launcher, no minimise, params forwarded', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/`);
  const panel = page.frameLocator('iframe[title="Chat"]');
  const composer = panel.getByRole('textbox', { name: 'Message', exact: true });
  await expect(composer).toBeVisible();
  await expect(panel.getByRole('log', { name: 'Messages', exact: true })).toBeAttached();
  await expect(page.getByRole('button', { name: /Open chat/ })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Minimise chat', exact: true })).toHaveCount(0);

  // The app's root fills the 380 x 600 frame.
  const size = await panel.locator('body').evaluate((body) => {
    const app = body.firstElementChild!.getBoundingClientRect();
    return { width: Math.round(app.width), height: Math.round(app.height), viewport: [innerWidth, innerHeight] };
  });
  expect(size).toEqual({ width: 380, height: 600, viewport: [380, 600] });

  const start = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'billing');
  expect(start.params).toEqual({ queue: 'billing', topic: 'refund' });
  expect(errors).toEqual([]);
});
