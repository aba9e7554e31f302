/**
 * DESIGN §8: what a plain conversation does not need comes in chunks of its own, later. The image upload is
 * one: not loaded with the widget, loaded when the customer attaches an image. A chunk that cannot load
 * (offline, a blocked request) is an upload that failed, said so, and the next attach loads it.
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
