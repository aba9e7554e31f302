/**
 * The ES module (DESIGN §3.4) on a host page with the strict Content-Security-Policy of DESIGN §7: `mount()`,
 * a second mount, `destroy()` leaving no element, listener or timer behind, a remount, and a bad config
 * value. The page's own module comes from the widget's origin (the only script source the CSP allows) and
 * imports `sermo.mjs` from there, so `widget.html` is found beside the module by default.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, frameOf, hostHtml, startEmbedServers, type EmbedServers } from './support/embed-host.ts';
import { partitionedStorage } from './support/partitioned-storage.ts';

// The widget keeps its conversation in its own storage, which a remount finds again.
test.use(partitionedStorage);

/** The host app: exposes `mount` for the test to drive, and keeps the handle it returns. */
const HOST_APP = `import { mount } from './sermo.mjs';
window.sermo = { mount, chat: null };
window.dispatchEvent(new Event('sermo-ready'));`;

let s: EmbedServers;
test.beforeAll(async () => {
  s = await startEmbedServers(
    (widget) => {
      const csp = `default-src 'self'; script-src ${widget}; style-src 'self'; frame-src ${widget}; img-src 'self' data:`;
      return {
        '/': { body: hostHtml(`<script type="module" src="${widget}/host-app.js"></script>`), headers: { 'content-security-policy': csp } },
      };
    },
    { '/host-app.js': { body: HOST_APP, headers: { 'content-type': 'text/javascript; charset=utf-8' } } },
  );
});
test.afterAll(async () => s.close());

/**
 * Counts, in the host page only, the listeners and timers alive (added and not removed, set and not cleared
 * or run), and reports CSP violations. Init scripts run before the page's own and are not subject to its CSP.
 */
async function watchHostPage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window.top !== window) return;
    const w = window as unknown as { alive: () => { listeners: number; timers: number }; violations: string[] };
    const listeners = new Set<string>();
    const ids = new WeakMap<object, number>();
    let next = 0;
    const idOf = (thing: object) => ids.get(thing) ?? (ids.set(thing, ++next), next);
    const keyOf = (target: EventTarget, type: string, fn: unknown, options?: boolean | EventListenerOptions) =>
      `${idOf(target)} ${type} ${typeof fn === 'object' || typeof fn === 'function' ? idOf(fn as object) : fn} ${typeof options === 'boolean' ? options : !!options?.capture}`;
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    EventTarget.prototype.addEventListener = function (type, fn, options) {
      listeners.add(keyOf(this, type, fn, options));
      return add.call(this, type, fn, options);
    };
    EventTarget.prototype.removeEventListener = function (type, fn, options) {
      listeners.delete(keyOf(this, type, fn, options));
      return remove.call(this, type, fn, options);
    };
    const timers = new Set<number>();
    const { setTimeout: setT, clearTimeout: clearT, setInterval: setI, clearInterval: clearI, requestAnimationFrame: raf, cancelAnimationFrame: caf } = window;
    window.setTimeout = ((fn: () => void, ms?: number) => {
      const id: number = setT(() => {
        timers.delete(id);
        fn();
      }, ms);
      timers.add(id);
      return id;
    }) as typeof setTimeout;
    window.clearTimeout = ((id?: number) => {
      if (id !== undefined) timers.delete(id);
      clearT(id);
    }) as typeof clearTimeout;
    window.setInterval = ((fn: () => void, ms?: number) => {
      const id = setI(fn, ms);
      timers.add(id);
      return id;
    }) as typeof setInterval;
    window.clearInterval = ((id?: number) => {
      if (id !== undefined) timers.delete(id);
      clearI(id);
    }) as typeof clearInterval;
    window.requestAnimationFrame = (fn) => {
      const id = raf((t) => {
        timers.delete(-id);
        fn(t);
      });
      timers.add(-id);
      return id;
    };
    window.cancelAnimationFrame = (id) => {
      timers.delete(-id);
      caf(id);
    };
    w.alive = () => ({ listeners: listeners.size, timers: timers.size });
    w.violations = [];
    addEventListener('securitypolicyviolation', (e) => w.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

type HostWindow = {
  sermo: { mount: (config: Record<string, unknown>) => unknown; chat: { open(): void; close(): void; destroy(): void } | null };
  alive: () => { listeners: number; timers: number };
  violations: string[];
};

/** Mount from the page's own module, keeping the handle as `sermo.chat`; returns the error message if it threw. */
const mountIn = (page: Page, config: Record<string, unknown>) =>
  page.evaluate((c) => {
    const w = window as unknown as HostWindow;
    try {
      w.sermo.chat = w.sermo.mount(c) as HostWindow['sermo']['chat'];
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }, config);

/** What the host page holds: its elements, and the listeners and timers alive. */
const footprint = (page: Page) =>
  page.evaluate(() => ({ elements: document.querySelectorAll('*').length, ...(window as unknown as HostWindow).alive(), title: document.title }));

test('mount, mount again, destroy without a trace, mount anew, under a strict CSP', async ({ page }) => {
  const errors = collectErrors(page);
  await watchHostPage(page);
  await page.goto(`${s.host.origin}/?queue=module`);
  await page.waitForFunction(() => 'sermo' in window);
  const before = await footprint(page);

  expect(await mountIn(page, { broker: s.broker.url, startParams: ['queue'], accent: '#8a2be2' })).toBeNull();
  const launcher = page.getByRole('button', { name: 'Open chat', exact: true });
  await expect(launcher).toBeVisible();
  await expect(launcher).toHaveCSS('background-color', 'rgb(138, 43, 226)');

  // A second mount without destroy() returns the same handle: still one widget.
  expect(
    await page.evaluate((broker) => {
      const w = window as unknown as HostWindow;
      return w.sermo.mount({ broker, locale: 'sv' }) === w.sermo.chat;
    }, s.broker.url),
  ).toBe(true);
  await expect(page.locator('sermo-chat')).toHaveCount(1);

  await launcher.click();
  const frame = page.locator('iframe[title="Chat"]');
  await expect(frame).toBeVisible();
  // widget.html beside sermo.mjs, by default.
  expect(new URL((await frame.getAttribute('src'))!).pathname).toBe('/widget.html');
  const composer = page.frameLocator('iframe[title="Chat"]').getByRole('textbox', { name: 'Message', exact: true });
  await expect(composer).toBeFocused();
  const start = await frameOf(s.broker, 'start', (f) => f.params?.queue === 'module');
  await composer.fill('Hello from an app');
  await composer.press('Enter');
  await frameOf(s.broker, 'text', (f) => f.userId === start.userId && f.text === 'Hello from an app');
  await page.getByRole('button', { name: 'Minimise chat', exact: true }).click();
  s.broker.sendToAll({ type: 'text', direction: 'outbound', userId: start.userId, text: 'Welcome!', agent: { id: 'anna', name: 'Anna', type: 'human' } });
  await expect(page).toHaveTitle('(1) Shop');

  await page.evaluate(() => (window as unknown as HostWindow).sermo.chat!.destroy());
  await expect(page.locator('sermo-chat')).toHaveCount(0);
  await expect(page.getByRole('button')).toHaveCount(0);
  // Every element, listener and timer it made is gone, and the title is the page's own again.
  expect(await footprint(page)).toEqual(before);

  // Mounting again works, and continues the conversation that ran: its iframe is made at once.
  expect(await mountIn(page, { broker: s.broker.url, startParams: ['queue'] })).toBeNull();
  await expect(page.getByRole('button', { name: /^Open chat/ })).toBeVisible();
  await expect(page.locator('iframe[title="Chat"]')).toHaveCount(1);
  await page.getByRole('button', { name: /^Open chat/ }).click();
  await expect(page.frameLocator('iframe[title="Chat"]').getByText('Hello from an app')).toBeVisible();
  expect(s.broker.frames.filter((f) => f.type === 'start' && f.params?.queue === 'module')).toHaveLength(1);

  expect(await page.evaluate(() => (window as unknown as HostWindow).violations)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a bad config value throws an Error naming the key, and shows nothing', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto(`${s.host.origin}/`);
  await page.waitForFunction(() => 'sermo' in window);
  expect(await mountIn(page, { broker: 'https://chat.example.com/ws' })).toBe(
    'Sermo chat: invalid config "broker": expected a ws: or wss: URL (required), got "https://chat.example.com/ws"',
  );
  expect(await mountIn(page, { broker: s.broker.url, accent: 'var(--x, url(https://evil.example/x))' })).toMatch(/^Sermo chat: invalid config "accent"/);
  expect(await mountIn(page, { broker: s.broker.url, postion: 'left' })).toMatch(/^Sermo chat: unknown config key "postion"/);
  await expect(page.locator('sermo-chat')).toHaveCount(0);
  // A mount that threw leaves nothing to return: the next good one shows the widget.
  expect(await mountIn(page, { broker: s.broker.url })).toBeNull();
  await expect(page.getByRole('button', { name: 'Open chat', exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});
