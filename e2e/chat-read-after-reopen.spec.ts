/**
 * Issue 11: a message that arrives while the panel is minimised is reported read (`messages_read`) once the
 * customer opens the panel again. The loader only hides the minimised iframe (it stays in the page), so
 * the widget learns of the row in view while hidden, and never again when shown: the read has to wait for
 * the panel, not be forgotten. Chromium stops rendering a hidden cross-origin iframe, which hides the bug
 * there, so the host page is tried on the widget's own origin too (as the demo site serves it, `npm start`).
 * The real loader and built widget; a recording broker.
 */
import { expect, test, type Page } from '@playwright/test';
import { frameOf, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';

const page = (widget: string, broker: string) => ({
  body: hostHtml(`<script src="${widget}/sermo.js" async data-broker="${broker}" data-start-params="queue"></script>`),
});
let s: EmbedServers;
test.beforeAll(async () => {
  // The same host page on another site (localhost) and on the widget's own origin (`/same-origin`).
  let broker = '';
  s = await startEmbedServers(
    (widget, brokerUrl) => {
      broker = brokerUrl;
      return { '/': page(widget, brokerUrl) };
    },
    // Its script tag needs the broker's URL, known once the servers run: written when it is requested.
    {
      '/same-origin': {
        get body() {
          return page('', broker).body;
        },
      },
    },
  );
});
test.afterAll(async () => s.close());

const launcher = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const chat = (page: Page) => page.frameLocator('iframe[title="Chat"]');

for (const where of ['cross-site', 'same-origin'] as const) {
  test(`messages_read goes once the panel is opened again on a message that arrived while it was minimised (${where})`, async ({ page }) => {
  const queue = `read-after-reopen-${where}`;
  await page.goto(where === 'cross-site' ? `${s.host.origin}/?queue=${queue}` : `${s.widget.origin}/same-origin?queue=${queue}`);
  await launcher(page, 'Open chat').click();
  const start = await frameOf(s.broker, 'start', (f) => f.params?.queue === queue);
  const reads = () => s.broker.frames.filter((f) => f.type === 'messages_read' && f.userId === start.userId);
  await launcher(page, 'Minimise chat').click();
  await expect(page.locator('iframe[title="Chat"]')).toBeHidden();

  s.broker.sendToAll({ type: 'text', direction: 'outbound', userId: start.userId, text: 'Are you still there?', agent: { id: 'anna', name: 'Anna', type: 'human' }, id: 1 });
  await expect(launcher(page, 'Open chat (1 unread)')).toBeVisible();
  // Minimised: nothing is read, however long it waits.
  await page.waitForTimeout(1_500);
  expect(reads()).toHaveLength(0);

  await launcher(page, 'Open chat (1 unread)').click();
  await expect(chat(page).getByRole('log', { name: 'Messages' }).getByText('Are you still there?')).toBeVisible();
  await expect.poll(() => reads().length).toBe(1);
  await expect(launcher(page, 'Minimise chat')).toBeVisible();
});
}
