/**
 * Issue 14 with the script tag. DESIGN §3 `preChat`: opening the launcher puts the focus in the form's first
 * field, as it would in the composer. DESIGN §3 `notify` `sound`: a chime for an agent message while the panel is minimised,
 * only once the customer has pressed something inside the widget, and none while the panel is open in a
 * visible tab. The chime's tones are counted where they start (OscillatorNode.start, in every frame): a
 * chime is two tones. Headless Chromium may have no sound device; what is pinned is when the widget plays.
 */
import { expect, test, type Page } from '@playwright/test';
import { frameOf, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';

let s: EmbedServers;
test.beforeAll(async () => {
  s = await startEmbedServers((widget, broker) => ({
    '/': { body: hostHtml(`<script src="${widget}/sermo.js" async data-broker="${broker}" data-notify="title,sound" data-start-params="queue"></script>`) },
    '/form': { body: hostHtml(`<script src="${widget}/sermo.js" async data-broker="${broker}" data-pre-chat="name,email*"></script>`) },
    '/search': { body: hostHtml(`<label>Search <input type="search"></label><script src="${widget}/sermo.js" async data-broker="${broker}" data-start-params="queue"></script>`) },
  }));
});
test.afterAll(async () => s.close());

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args: Parameters<typeof start>) {
      const w = window as unknown as { tones?: number };
      w.tones = (w.tones ?? 0) + 1;
      return start.apply(this, args);
    };
  });
});

const launcher = (page: Page, name: RegExp) => page.getByRole('button', { name });
const tones = (page: Page) => page.frame({ url: /widget\.html/ })!.evaluate(() => (window as unknown as { tones?: number }).tones ?? 0);

test('a chime for an agent message on a minimised panel, only after a press inside the widget, never while it is seen', async ({ page }) => {
  await page.goto(`${s.host.origin}/?queue=sound`);
  await launcher(page, /^Open chat/).click();
  const { userId } = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'sound');
  const say = (text: string) => s.broker.sendToAll({ type: 'text', direction: 'outbound', userId, text, agent: { id: 'anna', name: 'Anna', type: 'human' } });
  const composer = page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true });

  // Opened from the host page only: no press inside the widget yet, so no sound, only the title.
  await launcher(page, /^Minimise chat/).click();
  say('First');
  await expect(page).toHaveTitle('(1) Shop');
  expect(await tones(page)).toBe(0);

  // The customer writes in the widget (a press inside it). While the panel is open in a visible tab, the
  // customer sees an agent message: nothing plays.
  await launcher(page, /^Open chat/).click();
  await expect(page).toHaveTitle('Shop');
  await composer.click();
  await composer.fill('Hi');
  await composer.press('Enter');
  await frameOf(s.broker, 'text', (f) => f.userId === userId && f.text === 'Hi');
  say('Second');
  await expect(page.frameLocator('iframe[title="Chat"]').getByText('Second', { exact: true })).toBeVisible();
  expect(await tones(page)).toBe(0);

  // Minimised: the next agent message chimes, once.
  await launcher(page, /^Minimise chat/).click();
  say('Third');
  await expect(page).toHaveTitle('(1) Shop');
  await expect.poll(() => tones(page)).toBe(2);
});

test('the launcher opens the pre-chat form with the focus in its first field; the form starts the chat', async ({ page }) => {
  await page.goto(`${s.host.origin}/form?queue=form`);
  await launcher(page, /^Open chat/).click();
  const form = page.frameLocator('iframe[title="Chat"]').getByRole('form', { name: 'Before we start', exact: true });
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ada@example.com');
  await page.keyboard.press('Enter');
  const start = await frameOf(s.broker, 'start', (f) => f.params?.name === 'Ada');
  expect(start.params).toEqual({ name: 'Ada', email: 'ada@example.com' });
  await expect(page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true })).toBeVisible();
});

test('the agent ending the chat while the customer types on the host page leaves the focus there (DESIGN §5: no focus taken)', async ({ page }) => {
  await page.goto(`${s.host.origin}/search?queue=host-focus`);
  await launcher(page, /^Open chat/).click();
  const { userId } = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'host-focus');
  const panel = page.frameLocator('iframe[title="Chat"]');
  await expect(panel.getByRole('textbox', { name: 'Message', exact: true })).toBeFocused();

  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  await search.click();
  await search.pressSequentially('sho');
  s.broker.sendToAll({ type: 'end_session', direction: 'outbound', userId });
  await expect(panel.getByRole('button', { name: 'Start a new chat', exact: true })).toBeVisible();
  await expect(search).toBeFocused();
  // Typed wherever the focus is (not into the locator, which would take the focus back first).
  await page.keyboard.type('es');
  await expect(search).toHaveValue('shoes');
});
