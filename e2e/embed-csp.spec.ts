/**
 * DESIGN §7: the loader works on a host page with a strict Content-Security-Policy: scripts only from the
 * widget's origin, no 'unsafe-inline' anywhere, no 'unsafe-eval'. Any violation, in the host page or the
 * widget frame, fails the test.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';

let s: EmbedServers;
test.beforeAll(async () => {
  s = await startEmbedServers((widget, broker) => {
    const csp = `default-src 'self'; script-src ${widget}; style-src 'self'; frame-src ${widget}; img-src 'self' data:`;
    return {
      '/': {
        body: hostHtml(`<script src="${widget}/sermo.js" async data-broker="${broker}" data-accent="#8a2be2" data-position="left"></script>`),
        headers: { 'content-security-policy': csp },
      },
    };
  });
});
test.afterAll(async () => s.close());

test('a strict-CSP host page: launcher, panel, API, no violation and no console error', async ({ page }) => {
  const errors = collectErrors(page);
  // Runs in every frame before its scripts; init scripts are not subject to the page's CSP.
  await page.addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    addEventListener('securitypolicyviolation', (e) => {
      w.violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(`${s.host.origin}/`);
  const launcher = page.getByRole('button', { name: 'Open chat', exact: true });
  await expect(launcher).toBeVisible();
  // The accent colour arrived through the CSSOM.
  await expect(launcher).toHaveCSS('background-color', 'rgb(138, 43, 226)');
  await launcher.click();
  const frame = page.locator('iframe[title="Chat"]');
  await expect(frame).toBeVisible();
  await expect(page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true })).toBeFocused();
  await page.evaluate(() => (window as unknown as { SermoChat: { close(): void } }).SermoChat.close());
  await expect(frame).toBeHidden();
  await page.evaluate(() => (window as unknown as { SermoChat: { toggle(): void } }).SermoChat.toggle());
  await expect(frame).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
  expect(errors).toEqual([]);
});
