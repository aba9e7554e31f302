/**
 * DESIGN §3: each side accepts messages only from the other's exact window and origin. A hostile script on
 * the host page, and a hostile frame served from the widget's own origin, post look-alike messages to the
 * host window and to the widget: nothing changes, and the widget sends the broker nothing but what
 * opening the panel implies.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, frameOf, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';

/** Look-alikes of every bridge message, and a few inventions. */
const FAKES = `[
  { sermo: 1, kind: 'unread', count: 7 }, { sermo: 1, kind: 'minimise' }, { sermo: 1, kind: 'ended' },
  { sermo: 1, kind: 'ready' }, { sermo: 1, kind: 'open' }, { sermo: 1, kind: 'send', text: 'pwned' },
  { type: 'text', text: 'pwned' }, { sermo: 2, kind: 'close' }, 'open', null
]`;

let s: EmbedServers;
test.beforeAll(async () => {
  s = await startEmbedServers(
    (widget, broker) => ({
      '/': {
        body: hostHtml(
          `<script src="${widget}/sermo.js" data-broker="${broker}" data-start-params="queue"></script>` +
            `<iframe id="evil" src="${widget}/evil.html" title="Advert" style="width:10px;height:10px"></iframe>` +
            `<script>
              window.seen = [];
              for (const name of ['open', 'close', 'unread', 'ended']) SermoChat.on(name, (n) => seen.push(n === undefined ? name : name + ':' + n));
              // The host page itself, pretending to be the widget.
              window.attackHost = () => { for (const m of ${FAKES}) postMessage(m, '*'); };
              // A script on the host page posting inventions into the widget frame.
              window.attackWidget = () => {
                const frame = document.querySelector('sermo-chat').shadowRoot.querySelector('iframe');
                for (const m of ${FAKES}) if (!m || m.kind !== 'open') frame.contentWindow.postMessage(m, '*');
                frame.contentWindow.postMessage('fence', '*');
              };
              // Resolves when the evil frame's last message (a fence) arrived: messages between two windows keep their order.
              window.attackFromFrame = () => new Promise((ok) => {
                addEventListener('message', function f(e) { if (e.data === 'fence') { removeEventListener('message', f); ok(); } });
                document.getElementById('evil').contentWindow.postMessage('go', '*');
              });
              window.fenceHost = () => new Promise((ok) => {
                addEventListener('message', function f(e) { if (e.data === 'fence') { removeEventListener('message', f); ok(); } });
                postMessage('fence', '*');
              });
            </script>`,
        ),
      },
    }),
    {
      // Same origin as the widget, but another window: the host must check the source, not only the origin.
      '/evil.html': {
        body: `<!doctype html><title>evil</title><script>
          addEventListener('message', () => { for (const m of ${FAKES}) parent.postMessage(m, '*'); parent.postMessage('fence', '*'); });
        </script>`,
      },
    },
  );
});
test.afterAll(async () => s.close());

test('look-alike messages from the host page and from another frame change nothing', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/?queue=hostile`);
  const launcher = page.getByRole('button', { name: 'Open chat', exact: true });
  await expect(launcher).toBeVisible();

  // Before any iframe exists.
  await page.evaluate(() => (window as unknown as { attackHost(): void }).attackHost());
  await page.evaluate(() => (window as unknown as { fenceHost(): Promise<void> }).fenceHost());
  await page.evaluate(() => (window as unknown as { attackFromFrame(): Promise<void> }).attackFromFrame());
  await expect(page.locator('iframe[title="Chat"]')).toHaveCount(0);

  await launcher.click();
  const frame = page.locator('iframe[title="Chat"]');
  await expect(frame).toBeVisible();
  const start = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'hostile');
  const composer = page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true });
  await expect(composer).toBeFocused();

  // The widget frame notes the fence that follows the host page's inventions, so we know they were all handled.
  const widgetFrame = page.frames().find((f) => f.url().startsWith(`${s.widget.origin}/widget.html`))!;
  await widgetFrame.evaluate(() => {
    const w = window as unknown as { fenced: Promise<void> };
    w.fenced = new Promise((ok) => addEventListener('message', (e) => e.data === 'fence' && ok()));
  });
  await page.evaluate(() => (window as unknown as { attackHost(): void }).attackHost());
  await page.evaluate(() => (window as unknown as { fenceHost(): Promise<void> }).fenceHost());
  await page.evaluate(() => (window as unknown as { attackFromFrame(): Promise<void> }).attackFromFrame());
  await page.evaluate(() => (window as unknown as { attackWidget(): void }).attackWidget());
  await widgetFrame.evaluate(() => (window as unknown as { fenced: Promise<void> }).fenced);

  await expect(frame).toBeVisible();
  await expect(page.getByRole('button', { name: 'Minimise chat', exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['open']);
  const mine = s.broker.frames.filter((f) => f.userId === start.userId).map((f) => f.type);
  expect(mine.filter((t) => t !== 'heartbeat' && t !== 'messages_read')).toEqual(['start']);
  expect(JSON.stringify(s.broker.frames)).not.toContain('pwned');
  expect(errors).toEqual([]);
});
