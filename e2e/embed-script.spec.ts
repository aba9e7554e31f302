/** The script-tag embed (DESIGN §3): config, launcher, iframe, host API, restore, config errors. */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, frameOf, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';

let s: EmbedServers;
test.beforeAll(async () => {
  s = await startEmbedServers((widget, broker) => {
    const tag = (attrs = '') => `<script src="${widget}/sermo.js" async data-broker="${broker}" ${attrs}></script>`;
    // Records the host API's events in `window.seen`, queued before the loader runs.
    const recorder = `<script>
      window.seen = [];
      window.SermoChat = window.SermoChat || [];
      for (const name of ['open', 'close', 'unread', 'ended']) {
        SermoChat.push(['on', name, (n) => seen.push(n === undefined ? name : name + ':' + n)]);
      }
    </script>`;
    return {
      '/': { body: hostHtml(recorder + tag('data-start-params="queue,lang"')) },
      '/other': { body: hostHtml(recorder + tag('data-start-params="queue,lang"'), 'Other') },
      '/sv': {
        body: hostHtml(
          `<script>window.SermoChatConfig = { broker: 'wss://ignored.example/ws', locale: 'en', position: 'left', heartbeatMs: 5000 };</script>` +
            `<script src="${widget}/sermo.js" data-broker="${broker}" data-locale="sv"></script>`,
        ),
      },
      '/config-only': {
        body: hostHtml(`<script>window.SermoChatConfig = { broker: '${broker}', open: true };</script><script src="${widget}/sermo.js"></script>`),
      },
      '/queued': {
        body: hostHtml(
          `<script>window.SermoChat = window.SermoChat || []; window.seen = [];
            SermoChat.push(['on', 'open', () => { throw new Error('host handler broke'); }]);
            SermoChat.push(['on', 'open', () => seen.push('open')]);
            SermoChat.push(['open']);</script>` + tag(),
        ),
      },
      '/bad': { body: hostHtml(`<script src="${widget}/sermo.js" data-broker="https://chat.example.com/ws"></script>`) },
      '/bad-heartbeat': { body: hostHtml(tag('data-heartbeat-ms="fast"')) },
    };
  });
});
test.afterAll(async () => s.close());

const launcher = (page: Page, name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
const chatFrame = (page: Page) => page.locator('iframe[title="Chat"]');
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: string[] }).seen);

test('data attributes: a launcher, no iframe until the first open, then a panel that minimises and comes back', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/?queue=billing&lang=sv&secret=1`);
  await expect(launcher(page, 'Open chat')).toBeVisible();
  await expect(chatFrame(page)).toHaveCount(0);

  await launcher(page, 'Open chat').click();
  await expect(chatFrame(page)).toBeVisible();
  await expect(launcher(page, 'Minimise chat')).toBeVisible();
  const src = new URL((await chatFrame(page).getAttribute('src'))!);
  expect(src.origin + src.pathname).toBe(`${s.widget.origin}/widget.html`);
  expect(Object.fromEntries(src.searchParams)).toEqual({ broker: s.broker.url, startParams: 'queue,lang', queue: 'billing', lang: 'sv' });
  expect(src.hash).toBe(`#host=${encodeURIComponent(s.host.origin)}`);

  // The iframe app answers: focus lands in the composer, and the conversation starts with the host's params.
  const composer = page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true });
  await expect(composer).toBeFocused();
  const start = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'billing');
  expect(start.params).toEqual({ queue: 'billing', lang: 'sv' });

  await launcher(page, 'Minimise chat').click();
  await expect(chatFrame(page)).toBeHidden();
  await expect(chatFrame(page)).toHaveCount(1);
  await expect(launcher(page, 'Open chat')).toBeFocused();
  await launcher(page, 'Open chat').click();
  await expect(chatFrame(page)).toBeVisible();
  expect(await seen(page)).toEqual(['open', 'close', 'open']);
  expect(errors).toEqual([]);
});

test('Escape in the panel minimises it and gives focus back to the launcher', async ({ page }) => {
  await page.goto(`${s.host.origin}/`);
  await launcher(page, 'Open chat').click();
  const composer = page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true });
  await expect(composer).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(chatFrame(page)).toBeHidden();
  await expect(launcher(page, 'Open chat')).toBeFocused();
  expect(await seen(page)).toEqual(['open', 'close']);
});

test('data attributes win over SermoChatConfig; Swedish names and a left launcher', async ({ page }) => {
  await page.goto(`${s.host.origin}/sv`);
  const button = launcher(page, 'Öppna chatten');
  await expect(button).toBeVisible();
  const box = (await button.boundingBox())!;
  expect(box.x).toBeLessThan(100);
  await button.click();
  await expect(launcher(page, 'Minimera chatten')).toBeVisible();
  await expect(page.locator('iframe[title="Chatt"]')).toBeVisible();
  const src = new URL((await page.locator('iframe[title="Chatt"]').getAttribute('src'))!);
  expect(src.searchParams.get('broker')).toBe(s.broker.url);
  expect(src.searchParams.get('locale')).toBe('sv');
  expect(src.searchParams.get('heartbeatMs')).toBe('5000');
});

test('SermoChatConfig alone, with open: true, opens the panel at once', async ({ page }) => {
  await page.goto(`${s.host.origin}/config-only`);
  await expect(chatFrame(page)).toBeVisible();
  await expect(launcher(page, 'Minimise chat')).toBeVisible();
});

test('the host API: open, close, toggle, on/off, destroy', async ({ page }) => {
  await page.goto(`${s.host.origin}/`);
  await expect(launcher(page, 'Open chat')).toBeVisible();
  await page.evaluate(() => {
    const api = (window as unknown as { SermoChat: { open(): void; on(n: string, f: () => void): void; off(n: string, f: () => void): void } }).SermoChat;
    const extra = () => (window as unknown as { seen: string[] }).seen.push('extra');
    api.on('close', extra);
    api.open();
  });
  await expect(chatFrame(page)).toBeVisible();
  await page.evaluate(() => (window as unknown as { SermoChat: { close(): void } }).SermoChat.close());
  await expect(chatFrame(page)).toBeHidden();
  await page.evaluate(() => (window as unknown as { SermoChat: { toggle(): void } }).SermoChat.toggle());
  await expect(chatFrame(page)).toBeVisible();
  await page.evaluate(() => (window as unknown as { SermoChat: { toggle(): void } }).SermoChat.toggle());
  await expect(chatFrame(page)).toBeHidden();
  expect(await seen(page)).toEqual(['open', 'close', 'extra', 'open', 'close', 'extra']);

  await page.evaluate(() => (window as unknown as { SermoChat: { destroy(): void } }).SermoChat.destroy());
  await expect(page.locator('sermo-chat')).toHaveCount(0);
  await expect(page.getByRole('button')).toHaveCount(0);
  expect(await page.evaluate(() => 'SermoChat' in window)).toBe(false);
  // What the host page's storage remembers stays (DESIGN §3): a later page or mount continues the conversation.
  expect(await page.evaluate(() => [sessionStorage.getItem('sermo-chat-open'), Number(localStorage.getItem('sermo-chat')) > Date.now()])).toEqual(['0', true]);
});

test('queued calls are replayed in order, and a throwing handler does not stop the others', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/queued`);
  await expect(chatFrame(page)).toBeVisible();
  expect(await seen(page)).toEqual(['open']);
  await expect.poll(() => errors).toEqual([expect.stringContaining('host handler broke')]);
  // Pushing after load still works.
  await page.evaluate(() => (window as unknown as { SermoChat: unknown[] }).SermoChat.push(['close']));
  await expect(chatFrame(page)).toBeHidden();
});

test('a reload and a navigation bring back the conversation and the open or minimised panel', async ({ page }) => {
  await page.goto(`${s.host.origin}/`);
  await launcher(page, 'Open chat').click();
  await expect(chatFrame(page)).toBeVisible();
  await page.reload();
  await expect(chatFrame(page)).toBeVisible();
  await expect(launcher(page, 'Minimise chat')).toBeVisible();

  await launcher(page, 'Minimise chat').click();
  await page.getByRole('link', { name: 'Another page' }).click();
  await expect(page).toHaveTitle('Other');
  // The conversation runs on: its iframe is made at once, minimised.
  await expect(chatFrame(page)).toHaveCount(1);
  await expect(chatFrame(page)).toBeHidden();
  await expect(launcher(page, 'Open chat')).toBeVisible();
});

test('an agent message while minimised shows in the launcher name and the unread event', async ({ page }) => {
  await page.goto(`${s.host.origin}/?queue=unread-test`);
  await launcher(page, 'Open chat').click();
  const start = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'unread-test');
  await launcher(page, 'Minimise chat').click();
  await expect(chatFrame(page)).toBeHidden();
  s.broker.sendToAll({ type: 'text', direction: 'outbound', userId: start.userId, text: 'Hello there', agent: { id: 'anna', name: 'Anna', type: 'human' } });
  await expect(launcher(page, 'Open chat (1 unread)')).toBeVisible();
  expect(await seen(page)).toContain('unread:1');
  // DESIGN §3 notify title (the default): counted in the page's title until read.
  await expect(page).toHaveTitle('(1) Shop');
  await launcher(page, 'Open chat (1 unread)').click();
  await expect(page).toHaveTitle('Shop');
  await expect(launcher(page, 'Minimise chat')).toBeVisible();
  expect(await seen(page)).toContain('unread:0');
});

test('a bad broker value: one clear console error and no widget', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/bad`);
  await expect.poll(() => errors.length).toBe(1);
  expect(errors[0]).toBe('Sermo chat: invalid config "broker": expected a ws: or wss: URL (required), got "https://chat.example.com/ws"');
  await expect(page.locator('sermo-chat')).toHaveCount(0);
  await expect(page.getByRole('button')).toHaveCount(0);
});

test('a bad heartbeat value names its key too', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/bad-heartbeat`);
  await expect.poll(() => errors).toEqual([expect.stringContaining('invalid config "heartbeatMs": expected whole milliseconds')]);
  await expect(page.locator('sermo-chat')).toHaveCount(0);
  // The script that brought the words is gone too.
  await expect(page.locator('script[data-key]')).toHaveCount(0);
});

test('a bad value whose error words cannot load: the error still names the key and the value', async ({ page }) => {
  const errors = collectErrors(page);
  await page.route('**/sermo-errors.js', (route) => route.abort());
  await page.goto(`${s.host.origin}/bad-heartbeat`);
  await expect.poll(() => errors).toContain('Sermo chat: invalid config "heartbeatMs", got "fast"');
  await expect(page.locator('sermo-chat')).toHaveCount(0);
  await expect(page.locator('script[data-key]')).toHaveCount(0);
});

test('ending the chat closes the panel, and the next open begins a new conversation', async ({ page }) => {
  await page.goto(`${s.host.origin}/?queue=end-test`);
  await launcher(page, 'Open chat').click();
  const first = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'end-test');
  const panel = page.frameLocator('iframe[title="Chat"]');
  await panel.getByRole('button', { name: 'End chat', exact: true }).click();
  await panel.getByRole('alertdialog', { name: 'End the chat?' }).getByRole('button', { name: 'End chat', exact: true }).click();
  await expect(chatFrame(page)).toBeHidden();
  await expect(launcher(page, 'Open chat')).toBeFocused();
  await frameOf(s.broker, 'client_left', (f) => f.userId === first.userId);
  expect(await seen(page)).toEqual(['open', 'ended', 'close']);

  await launcher(page, 'Open chat').click();
  const second = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'end-test' && f.userId !== first.userId);
  expect(second.userId).not.toBe(first.userId);
  await expect(panel.getByRole('textbox', { name: 'Message', exact: true })).toBeFocused();
});

test('under 480 px the panel is full screen; on a desktop it floats above the launcher', async ({ page }) => {
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${s.host.origin}/`);
  await launcher(page, 'Open chat').click();
  await expect(chatFrame(page)).toBeVisible();
  const desk = (await chatFrame(page).boundingBox())!;
  expect([desk.width, desk.height, desk.x + desk.width, desk.y + desk.height]).toEqual([380, 600, 1180, 812]);

  await page.setViewportSize({ width: 375, height: 700 });
  await expect.poll(async () => chatFrame(page).boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 700 });
});
