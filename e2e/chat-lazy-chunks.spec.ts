/**
 * DESIGN §8: what a plain conversation does not need comes in chunks of its own, later. The image upload is
 * one: not loaded with the widget, loaded when the customer attaches an image. A chunk that cannot load
 * (offline, a blocked request) is an upload that failed, said so, and the next attach loads it. Wire format 1
 * is another: loaded when a frame in it arrives, or before anything is written with `protocol=1` (then, should
 * it not load, again when the browser is back online).
 */
import type { Page } from '@playwright/test';
import type { AgentSocket } from './support/chat-agent.ts';
import { ChatWidget } from './support/chat-widget.ts';
import { expect, test } from './fixtures.ts';
import { gradientPng } from './support/chat-png.ts';

/** The URLs the page asks for whose path matches `chunk`, as they are asked for (the array fills in as it goes). */
function requestsFor(page: Page, chunk: RegExp): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (chunk.test(new URL(request.url()).pathname)) urls.push(request.url());
  });
  return urls;
}

/** Holds every request for `chunk` until the returned `release()` is called. */
async function holdRequests(page: Page, chunk: RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(chunk, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** A plain conversation: the panel opened, a text each way, both delivered; its userId. */
async function plainConversation(widget: ChatWidget, agent: AgentSocket): Promise<string> {
  await widget.open();
  const userId = await widget.userId();
  await widget.send('Hello');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Hello');
  agent.say(userId, 'Hi, how can I help?');
  await expect(widget.message('Hi, how can I help?')).toBeVisible();
  return userId;
}

/** Lets the page render what it would and run its next task, so that "nothing shows" means something. */
const settle = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));

const IMAGES_CHUNK = /\/assets\/images-[\w-]+\.js$/;

test('the image upload loads only when an image is attached, and again after it failed to load', async ({ widget, agent, page }) => {
  const chunkRequests = requestsFor(page, IMAGES_CHUNK);
  await widget.open();
  const userId = await widget.userId();
  await widget.send('Hello');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Hello');
  expect(chunkRequests).toEqual([]);

  await page.route(IMAGES_CHUNK, (route) => route.abort('internetdisconnected'));
  await widget.fileInput.setInputFiles({ name: 'router.png', mimeType: 'image/png', buffer: gradientPng(48, 32) });
  await expect(widget.root.getByRole('alert')).toHaveText('The image could not be sent. Please try again.');
  expect(chunkRequests).toHaveLength(1);

  await page.unroute(IMAGES_CHUNK);
  await widget.fileInput.setInputFiles({ name: 'router.png', mimeType: 'image/png', buffer: gradientPng(48, 32) });
  const sent = await agent.waitForInbound('text', (e) => e.userId === userId && e.imageId !== undefined);
  expect(sent.imageId).toEqual(expect.any(String));
  await expect(widget.log.getByRole('img')).toHaveCount(1);
  await expect(widget.root.getByRole('alert')).toHaveCount(0);
  expect(chunkRequests).toHaveLength(2);
});

const EXTRAS_CHUNK = /\/assets\/extras-[\w-]+\.js$/;

test('the extras chunk is not loaded for a plain conversation; typing, End chat and the queue each bring it', async ({ widget, agent, page }) => {
  const chunkRequests = requestsFor(page, EXTRAS_CHUNK);
  await widget.open();
  const userId = await widget.userId();
  await widget.send('Hello');
  agent.say(userId, 'Hi, how can I help?');
  await expect(widget.message('Hi, how can I help?')).toBeVisible();
  expect(chunkRequests).toEqual([]);

  agent.send({ type: 'typing_on', direction: 'outbound', userId, agent: { name: 'Anna' } });
  await expect(widget.typingStatus('Anna')).toBeVisible();
  expect(chunkRequests).toHaveLength(1);

  // Each load of the page starts without it: End chat brings it, then the queue place.
  await page.reload();
  await expect(widget.composer).toBeVisible();
  expect(chunkRequests).toHaveLength(1);
  await widget.endChatButton.click();
  await expect(widget.endDialog).toBeVisible();
  expect(chunkRequests).toHaveLength(2);
  await page.keyboard.press('Escape');
  await expect(widget.endDialog).toHaveCount(0);

  await page.reload();
  await expect(widget.composer).toBeVisible();
  expect(chunkRequests).toHaveLength(2);
  agent.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 2 });
  await expect(widget.queueStatus(2)).toBeVisible();
  expect(chunkRequests).toHaveLength(3);
});

const SWEDISH_CHUNK = /\/assets\/i18n-sv-[\w-]+\.js$/;

test('the Swedish words load only for a Swedish widget, which waits for them; without them it speaks English', async ({ widget, agent, page }) => {
  const chunkRequests = requestsFor(page, SWEDISH_CHUNK);
  await widget.open();
  const userId = await widget.userId();
  await widget.send('Hello');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Hello');
  expect(chunkRequests).toEqual([]);

  // Held back: meanwhile no panel shows, so never an English one first.
  const release = await holdRequests(page, SWEDISH_CHUNK);
  const opened = widget.open({ locale: 'sv' });
  await expect.poll(() => chunkRequests.length).toBe(1);
  await settle(page);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('button')).toHaveCount(0);
  release();
  await opened;
  await expect(widget.log).toBeVisible();
  await expect(widget.sendButton).toBeVisible();
  await expect(widget.attachButton).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('sv');
  await page.unroute(SWEDISH_CHUNK);

  // Offline: the panel in English rather than none.
  await page.route(SWEDISH_CHUNK, (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Message', exact: true })).toBeVisible();
  await expect(page.getByRole('log', { name: 'Messages', exact: true })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  expect(chunkRequests).toHaveLength(2);
});

const FORMAT1_CHUNK = /\/assets\/format1-[\w-]+\.js$/;

test('wire format 1 is not loaded for a format 2 conversation; a frame in format 1 brings it, and shows in its place', async ({ widget, agent, page }) => {
  const chunkRequests = requestsFor(page, FORMAT1_CHUNK);
  const received: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => received.push(String(frame.payload))));
  await widget.tapSocket();
  const userId = await plainConversation(widget, agent);
  expect(chunkRequests).toEqual([]);

  // Held back: the frame in format 1 and the format 2 one after it wait for it, in order.
  const release = await holdRequests(page, FORMAT1_CHUNK);
  widget.inject(JSON.stringify({ type: 'text', platform: 'webchat', user: { id: userId }, text: 'From seed 000', raw: { to: userId, message: 'From seed 000', agent: { id: 'anan01', name: 'Anders' } } }));
  agent.say(userId, 'And after it');
  await expect.poll(() => chunkRequests.length).toBe(1);
  await expect.poll(() => received.some((frame) => frame.includes('And after it'))).toBe(true);
  await settle(page);
  await expect(widget.message('And after it')).toHaveCount(0);
  release();
  await expect(widget.message('From seed 000')).toBeVisible();
  await expect(widget.message('And after it')).toBeVisible();
  await expect(widget.rows.filter({ hasText: /From seed 000|And after it/ })).toHaveText([/From seed 000/, /And after it/]);
  // Frames are still written in format 2.
  await widget.send('Thanks');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Thanks');
  expect(chunkRequests).toHaveLength(1);
});

test('protocol=1 loads wire format 1 before anything is written, and writes format 1 from the first frame', async ({ widget, agent, broker, page }) => {
  const chunkRequests = requestsFor(page, FORMAT1_CHUNK);
  const sockets: string[] = [];
  const sent: Record<string, unknown>[] = [];
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('framesent', (frame) => sent.push(JSON.parse(String(frame.payload)) as Record<string, unknown>));
  });
  const release = await holdRequests(page, FORMAT1_CHUNK);
  const opened = widget.open({ protocol: 1 });
  await expect.poll(() => chunkRequests.length).toBe(1);
  await settle(page);
  expect(sockets).toEqual([]);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  release();
  await opened;
  const userId = await widget.userId();
  await widget.send('Hej');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Hej');
  expect(sockets).toHaveLength(1);
  expect(new URL(sockets[0]!).pathname).toBe(new URL(broker.wsUrl).pathname);
  expect(sent.map((frame) => [frame.type, frame.platform, 'direction' in frame])).toEqual(
    sent.map((frame) => [frame.type, 'webchat', false]),
  );
  expect(sent[0]).toMatchObject({ type: 'start', platform: 'webchat', user: { id: userId } });
  expect(chunkRequests).toHaveLength(1);
});

test('protocol=1 with wire format 1 failing to load (offline, a server error) starts no chat, and asks for it again every 5 s until it loads', async ({ widget, agent, page }) => {
  const chunkRequests = requestsFor(page, FORMAT1_CHUNK);
  const sent: Record<string, unknown>[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (frame) => sent.push(JSON.parse(String(frame.payload)) as Record<string, unknown>)));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(FORMAT1_CHUNK, (route) => route.abort('internetdisconnected'));
  const opened = widget.open({ protocol: 1 });
  await expect.poll(() => chunkRequests.length).toBe(1);
  await settle(page);
  await expect(page.getByRole('textbox')).toHaveCount(0);
  expect(sent).toEqual([]);

  // Then it loads (FORMAT1_RETRY_MS later), and the chat starts in format 1.
  await page.unroute(FORMAT1_CHUNK);
  await opened;
  const userId = await widget.userId();
  await widget.send('Hej');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Hej');
  expect(sent[0]).toMatchObject({ type: 'start', platform: 'webchat', user: { id: userId } });
  expect(chunkRequests.length).toBeGreaterThanOrEqual(2);
  expect(errors).toEqual([]);
});

const TAB_SYNC_CHUNK = /\/assets\/tab-sync-[\w-]+\.js$/;

test("the merge of other tabs' writes is not loaded for one tab; another tab brings it, and its messages show; offline, nothing is lost", async ({
  widget,
  agent,
  broker,
  page,
}) => {
  const chunkRequests = requestsFor(page, TAB_SYNC_CHUNK);
  await plainConversation(widget, agent);
  expect(chunkRequests).toEqual([]);

  // Another tab of the same conversation (the page's own localStorage, shared by its tabs), while the chunk
  // cannot load (offline): its message does not show here yet, and nothing is lost.
  await page.route(TAB_SYNC_CHUNK, (route) => route.abort('internetdisconnected'));
  const second = new ChatWidget(await page.context().newPage(), broker, agent);
  await second.open();
  await expect(second.message('Hi, how can I help?')).toBeVisible();
  await second.send('From the other tab');
  await expect(second.message('From the other tab')).toBeVisible();
  await expect.poll(() => chunkRequests.length).toBeGreaterThanOrEqual(1);
  await expect(widget.message('From the other tab')).toHaveCount(0);
  const failed = chunkRequests.length;

  // The next change of the other tab loads it; the merge reads the store, so both messages come.
  await page.unroute(TAB_SYNC_CHUNK);
  await second.send('And another');
  await expect(widget.message('From the other tab')).toBeVisible();
  await expect(widget.message('And another')).toBeVisible();
  expect(chunkRequests.length).toBeGreaterThan(failed);
});
