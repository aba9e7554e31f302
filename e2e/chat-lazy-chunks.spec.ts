/**
 * DESIGN §8: what a plain conversation does not need comes in chunks of its own, later. The image upload is
 * one: not loaded with the widget, loaded when the customer attaches an image. A chunk that cannot load
 * (offline, a blocked request) is an upload that failed, said so, and the next attach loads it. The later
 * parts of the panel (queue place, typing, reply buttons, the end) are another, loaded as the panel mounts:
 * what happened before it is in shows once it is, and End chat opens its dialog only with it.
 */
import { expect, test } from './fixtures.ts';
import { gradientPng } from './support/chat-png.ts';

const IMAGES_CHUNK = /\/assets\/images-[\w-]+\.js$/;

test('the image upload loads only when an image is attached, and again after it failed to load', async ({ widget, agent, page }) => {
  const chunkRequests: string[] = [];
  page.on('request', (request) => {
    if (IMAGES_CHUNK.test(new URL(request.url()).pathname)) chunkRequests.push(request.url());
  });
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

const LATER_PARTS_CHUNK = /\/assets\/later-parts-[\w-]+\.js$/;

test('what came before the later parts chunk shows once it is in; End chat waits for it, the panel stays usable', async ({ widget, agent, page }) => {
  // The chunk is held until the events are in the conversation and End chat was pressed.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let requested = 0;
  await page.route(LATER_PARTS_CHUNK, async (route) => {
    requested++;
    await held;
    await route.continue();
  });
  await widget.open();
  const userId = await widget.userId();
  // Loaded as the panel mounts, before anything needs it.
  await expect.poll(() => requested).toBe(1);

  agent.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 2 });
  await widget.endChatButton.click();
  // Without its chunk no dialog, and no inert panel: the customer can still write.
  await expect(widget.endDialog).toHaveCount(0);
  await widget.send('Still here');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Still here');
  agent.send({
    type: 'text', direction: 'outbound', userId, text: 'Pick one', agent: { id: 'bot', name: 'Bot', type: 'bot' },
    quickReplies: [{ type: 'postback', text: 'Invoice', payload: 'inv' }],
  });
  agent.send({ type: 'typing_on', direction: 'outbound', userId, agent: { id: 'a1', name: 'Anna', type: 'human' } });
  await expect(widget.message('Pick one')).toBeVisible();
  await expect(widget.queueStatus(2)).toHaveCount(0);

  release();
  await expect(widget.queueStatus(2)).toBeVisible();
  await expect(widget.typingStatus('Anna')).toBeVisible();
  await expect(widget.quickReply('Invoice')).toBeVisible();
  // The press made meanwhile opens the dialog once its chunk is in.
  await expect(widget.endDialog).toBeVisible();
  expect(requested).toBe(1);
});
