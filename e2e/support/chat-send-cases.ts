/**
 * What the widget sends (DESIGN §4, first table), as the agent application receives it through the real
 * broker. Defined once and run for both wire formats: with `protocol=1` the widget writes seed 000 frames
 * and the broker normalises them to format 2 for applications, so the same fields are asserted.
 */
import { gradientPng } from './chat-png.ts';
import { expect, test } from '../fixtures.ts';
import type { InboundEvent } from '../../src/protocol/index.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** DESIGN §4: `at` is an ISO 8601 UTC timestamp. */
export const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

/** DESIGN §4.3 and §4: every event the widget sends has a UUID `id` and the conversation's `userId`. */
export function expectWellFormed(events: readonly InboundEvent[], userId: string): void {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect.soft(event.userId, `${event.type} userId`).toBe(userId);
    expect.soft(event.id, `${event.type} id`).toMatch(UUID);
  }
  const ids = events.map((e) => e.id);
  expect(new Set(ids).size, 'ids are unique').toBe(ids.length);
}

export function defineSendTests(protocol: 1 | 2): void {
  test.describe(`protocol=${protocol}`, () => defineFor(protocol));
}

function defineFor(protocol: 1 | 2): void {
  const p = { protocol } as const;

  test('start once with the non-config query parameters, before the first heartbeat; heartbeats repeat', async ({ widget, agent }) => {
    await widget.open({ ...p, heartbeatMs: 1000, params: { queue: 'billing', topic: 'refund' } });
    const userId = await widget.userId();
    await agent.waitForCount('heartbeat', userId, 3, 8_000);

    const events = agent.inbound(undefined, userId);
    const starts = events.filter((e) => e.type === 'start');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ direction: 'inbound', params: { queue: 'billing', topic: 'refund' } });
    expect(events.findIndex((e) => e.type === 'start')).toBeLessThan(events.findIndex((e) => e.type === 'heartbeat'));
    expectWellFormed(events, userId);
  });

  test('text: the message as typed, shown and then delivered', async ({ widget, agent }) => {
    await widget.open(p);
    const userId = await widget.userId();
    await widget.send('Jag vill ändra faktura 70557076');

    const text = await agent.waitForInbound('text', (e) => e.userId === userId);
    expect(text).toEqual({ type: 'text', direction: 'inbound', userId, id: expect.stringMatching(UUID), text: 'Jag vill ändra faktura 70557076' });
    await expect(widget.message('Jag vill ändra faktura 70557076')).toBeVisible();
    await expect(widget.log.getByText(widget.names.sending)).toHaveCount(0);
    await expect(widget.composer).toHaveValue('');
  });

  test('a quick reply sends its text with quickReplyPayload, and the buttons go away', async ({ widget, agent }) => {
    await widget.open(p);
    const userId = await widget.userId();
    agent.say(userId, 'What is it about?', {
      agent: { id: 'bot', name: 'Bot' },
      quickReplies: [
        { type: 'postback', text: 'An invoice', payload: 'intent-invoice' },
        { type: 'postback', text: 'Something else', payload: 'intent-other' },
      ],
    });
    await widget.quickReply('An invoice').click();

    const text = await agent.waitForInbound('text', (e) => e.userId === userId);
    expect(text).toMatchObject({ text: 'An invoice', quickReplyPayload: 'intent-invoice', id: expect.stringMatching(UUID) });
    await expect(widget.quickReplies).toHaveCount(0);
    await expect(widget.message('An invoice')).toBeVisible();
  });

  test('an attached image is uploaded and sent as text with an imageId the broker serves', async ({ widget, agent, broker, request }) => {
    await widget.open(p);
    const userId = await widget.userId();
    const png = gradientPng(48, 32);
    await widget.fileInput.setInputFiles({ name: 'router.png', mimeType: 'image/png', buffer: png });

    const text = await agent.waitForInbound('text', (e) => e.userId === userId);
    expect(text.imageId).toEqual(expect.any(String));
    expect(text.id).toMatch(UUID);
    const image = await request.get(`${broker.url}/images/${encodeURIComponent(text.imageId!)}`);
    expect(image.status()).toBe(200);
    expect(image.headers()['content-type']).toBe('image/png');
    expect(Buffer.compare(await image.body(), png)).toBe(0);
    // The customer sees their own picture, loaded from the images endpoint.
    const shown = widget.log.getByRole('img');
    await expect(shown).toHaveCount(1);
    await expect(shown).toHaveAttribute('src', `${broker.url}/images/${encodeURIComponent(text.imageId!)}`);
    expect(await shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
  });

  test('typing_on carries the draft and a timestamp, throttled, and the last draft is the final text', async ({ widget, agent }) => {
    await widget.open(p);
    const userId = await widget.userId();
    const draft = 'Hello, my router keeps dropping the connection';
    await widget.composer.pressSequentially(draft, { delay: 25 });

    const last = await agent.waitForInbound('typing_on', (e) => e.userId === userId && e.text === draft);
    const typing = agent.inbound('typing_on', userId);
    expect(last.at).toMatch(ISO_UTC);
    expect(typing.length).toBeGreaterThan(1);
    expect(typing.length, `${typing.length} typing_on for ${draft.length} keystrokes`).toBeLessThan(draft.length / 3);
    // Every event is a prefix of the final text, in order of growing length.
    for (const [i, event] of typing.entries()) {
      expect(draft.startsWith(event.text)).toBe(true);
      expect(event.at).toMatch(ISO_UTC);
      if (i > 0) expect(event.text.length).toBeGreaterThan(typing[i - 1]!.text.length);
    }
    expect(typing.at(-1)!.text).toBe(draft);
    expectWellFormed(typing, userId);
  });

  test('messages_read after an agent message is shown', async ({ widget, agent }) => {
    await widget.open(p);
    const userId = await widget.userId();
    expect(agent.inbound('messages_read', userId)).toHaveLength(0);
    agent.say(userId, 'Hi, Anna here. How can I help?');
    await expect(widget.message('Hi, Anna here. How can I help?')).toBeVisible();

    const read = await agent.waitForInbound('messages_read', (e) => e.userId === userId);
    expect(read).toMatchObject({ text: 'read', at: expect.stringMatching(ISO_UTC), id: expect.stringMatching(UUID) });
  });

  for (const locale of ['en', 'sv'] as const) {
    test(`client_left after End chat and confirm, with the ${locale} sentence`, async ({ widget, agent }) => {
      await widget.open({ ...p, locale });
      const userId = await widget.userId();
      await widget.endChat();

      const left = await agent.waitForInbound('client_left', (e) => e.userId === userId);
      expect(left).toMatchObject({ text: widget.names.clientLeft, at: expect.stringMatching(ISO_UTC), id: expect.stringMatching(UUID) });
      // The iframe embed: the conversation is over on this side, and a new one can begin.
      await expect(widget.composer).toBeDisabled();
      await expect(widget.startNewButton).toBeVisible();
      await expect(widget.endDialog).toHaveCount(0);
    });
  }

  test('client_unload when the page is closed', async ({ widget, agent }) => {
    await widget.open(p);
    const userId = await widget.userId();
    // A heartbeat's arrival proves the socket is open, so the unload has a socket to go out on.
    await agent.waitForInbound('heartbeat', (e) => e.userId === userId);
    await widget.page.close();

    const unload = await agent.waitForInbound('client_unload', (e) => e.userId === userId);
    expect(unload).toMatchObject({ at: expect.stringMatching(ISO_UTC), id: expect.stringMatching(UUID) });
    expect(agent.inbound('client_unload', userId)).toHaveLength(1);
    expectWellFormed(agent.inbound(undefined, userId), userId);
  });
}
