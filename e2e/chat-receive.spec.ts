/**
 * DESIGN §4, second table: every event the widget receives is rendered, from both wire formats. Format 2
 * comes from the agent application through the real broker; seed 000 frames are written into the widget's
 * socket (support/chat-wire.ts). What is checked is what a person and a screen reader get (DESIGN §5).
 */
import { API_KEY, expect, test } from './fixtures.ts';
import { DEFAULT_AGENT } from './support/chat-agent.ts';
import { gradientPng } from './support/chat-png.ts';
import { speaker, type Format, type Speaker } from './support/chat-wire.ts';
import type { ChatWidget } from './support/chat-widget.ts';
import { collectErrors } from './support/page-errors.ts';

const BOT = { id: 'bot', name: 'Bot' };


/** The horizontal centre of an element relative to the log's, in CSS pixels. */
async function offCentre(widget: ChatWidget, text: string): Promise<number> {
  const line = await widget.message(text).boundingBox();
  const log = await widget.log.boundingBox();
  if (!line || !log) throw new Error(`"${text}" or the log has no box`);
  return Math.abs(line.x + line.width / 2 - (log.x + log.width / 2));
}

for (const format of [2, 1] as const satisfies readonly Format[]) {
  test.describe(`format ${format}`, () => {
    let wire: Speaker;
    let userId: string;

    test.beforeEach(async ({ widget, agent }) => {
      wire = speaker(format, agent, widget);
      if (format === 1) await widget.tapSocket();
      await widget.open();
      userId = await widget.userId();
    });

    test('agent text with name and avatar: avatarUrl, avatarId, default icon', async ({ widget, broker }) => {
      const errors = collectErrors(widget.page);
      const avatarUrl = `${broker.url}/avatars/agent2.svg`;
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Hi, I am Anna.', agent: { ...DEFAULT_AGENT, avatarUrl } });
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Bertil here.', agent: { id: 'be01', name: 'Bertil', type: 'human', avatarId: 'agent1' } });
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'And Cecilia.', agent: { id: 'ce01', name: 'Cecilia', type: 'human' } });
      await expect(widget.message('And Cecilia.')).toBeVisible();

      const author = (name: string) => widget.log.getByText(name, { exact: true });
      for (const name of ['Anna', 'Bertil', 'Cecilia']) await expect(author(name)).toBeVisible();
      // Avatars are decorative (the name is beside them), so they are found next to the name, not by role.
      const avatarOf = (name: string) => author(name).locator('xpath=preceding-sibling::*[1]');
      await expect(avatarOf('Anna')).toHaveAttribute('src', avatarUrl);
      await expect(avatarOf('Bertil')).toHaveAttribute('src', `${broker.url}/avatars/agent1.svg`);
      await expect(avatarOf('Cecilia')).toHaveJSProperty('tagName', 'svg');
      for (const name of ['Anna', 'Bertil']) {
        expect(await avatarOf(name).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      }
      expect(errors).toEqual([]);
    });

    test('bot typing delay: the typing indicator, then the message, and later messages keep their turn', async ({ widget }) => {
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Hej! I am the bot.', agent: BOT, typing: 3000 });
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'How can I help?', agent: BOT });

      await expect(widget.typingStatus('Bot')).toBeVisible();
      // While the bot "types", neither message is shown: the second waits for the first.
      await expect(widget.log.getByText(/Hej! I am the bot\.|How can I help\?/)).toHaveCount(0);
      await expect(widget.message('How can I help?')).toBeVisible({ timeout: 8_000 });
      await expect(widget.typingStatus('Bot')).toHaveCount(0);
      const texts = await widget.log.locator('p').allTextContents();
      expect(texts.filter((t) => t.includes('bot') || t.includes('help'))).toEqual(['Hej! I am the bot.', 'How can I help?']);
    });

    test('an image by imageId from the images endpoint', async ({ widget, broker, request }) => {
      const upload = await request.post(`${broker.url}/images?apiKey=${API_KEY}`, {
        data: { image: gradientPng(64, 40).toString('base64') },
      });
      expect(upload.status()).toBe(201);
      const imageId = /\/images\/([^/]+)$/.exec(upload.headers()['location'] ?? '')?.[1];
      expect(imageId).toBeTruthy();

      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Here is the router:', agent: DEFAULT_AGENT, imageId: imageId! });
      const image = widget.log.getByRole('img', { name: 'Image' });
      await expect(image).toHaveAttribute('src', `${broker.url}/images/${imageId}`);
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
      await expect(widget.message('Here is the router:')).toBeVisible();
    });

    test('quick replies under the latest message only', async ({ widget }) => {
      wire.send({
        type: 'text', direction: 'outbound', userId, text: 'Pick one', agent: BOT,
        quickReplies: [{ type: 'postback', text: 'Invoice', payload: 'inv' }, { type: 'postback', text: 'Router', payload: 'rt' }],
      });
      await expect(widget.quickReplies.getByRole('button')).toHaveText(['Invoice', 'Router']);
      wire.send({
        type: 'text', direction: 'outbound', userId, text: 'Or one of these', agent: BOT,
        quickReplies: [{ type: 'postback', text: 'Moving house', payload: 'move' }],
      });
      await expect(widget.quickReplies.getByRole('button')).toHaveText(['Moving house']);
      await expect(widget.quickReplies).toHaveCount(1);
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'No buttons now', agent: BOT });
      await expect(widget.message('No buttons now')).toBeVisible();
      await expect(widget.quickReplies).toHaveCount(0);
    });

    test('system lines: a seed 000 "system" agent text and info are centred lines, not bubbles', async ({ widget }) => {
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'The chat was placed in the queue "Billing"', agent: { id: 'system', name: 'Info' } });
      wire.send({ type: 'info', direction: 'outbound', userId, text: 'An agent will be with you shortly.' });
      for (const text of ['The chat was placed in the queue "Billing"', 'An agent will be with you shortly.']) {
        await expect(widget.message(text)).toBeVisible();
        expect(await offCentre(widget, text)).toBeLessThan(2);
      }
      // No author line: the system agent's name is not shown as a person.
      await expect(widget.log.getByText('Info', { exact: true })).toHaveCount(0);
    });

    test('queue_number: a status updated in place, gone once a human agent writes', async ({ widget }) => {
      wire.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 3 });
      await expect(widget.queueStatus(3)).toBeVisible();
      wire.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 2 });
      await expect(widget.queueStatus(2)).toBeVisible();
      await expect(widget.queueStatus(3)).toHaveCount(0);
      await expect(widget.root.getByRole('status', { name: /in the queue/ })).toHaveCount(1);
      // A bot writing does not end the queue; a human does.
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Still waiting, sorry.', agent: BOT });
      await expect(widget.message('Still waiting, sorry.')).toBeVisible();
      await expect(widget.queueStatus(2)).toBeVisible();
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Anna here.', agent: DEFAULT_AGENT });
      await expect(widget.message('Anna here.')).toBeVisible();
      await expect(widget.queueStatus(2)).toHaveCount(0);
    });

    test('typing_on and typing_off: "NAME is typing" on and off', async ({ widget }) => {
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'One moment.', agent: DEFAULT_AGENT });
      await expect(widget.message('One moment.')).toBeVisible();
      // Seed 000 typing carries `agent: {name: ""}`: the indicator names whoever wrote last.
      wire.send({ type: 'typing_on', direction: 'outbound', userId, ...(format === 2 ? { agent: { name: 'Anna' } } : {}) });
      await expect(widget.typingStatus('Anna')).toBeVisible();
      await expect(widget.typingStatus('Anna')).toContainText('Anna is typing');
      wire.send({ type: 'typing_off', direction: 'outbound', userId });
      await expect(widget.typingStatus('Anna')).toHaveCount(0);
    });

    test('agent_done is a system line and the conversation stays open', async ({ widget, agent }) => {
      const done = 'The agent is no longer active in the chat. Write again here if you need us.';
      wire.send({ type: 'agent_done', direction: 'outbound', userId, text: done, agent: { id: 'system', name: 'Info' } });
      await expect(widget.message(done)).toBeVisible();
      expect(await offCentre(widget, done)).toBeLessThan(2);
      await expect(widget.composer).toBeEnabled();
      await widget.send('One more question');
      await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'One more question');
    });

    test('platform_closed shows that the chat is closed right now', async ({ widget }) => {
      wire.send({ type: 'platform_closed', direction: 'outbound', userId });
      await expect(widget.root.getByRole('status').filter({ hasText: 'The chat is closed right now' })).toBeVisible();
    });

    test('end_session: reasonText, composer disabled, and "Start a new chat" begins a new conversation', async ({ widget, agent }) => {
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Anything else?', agent: DEFAULT_AGENT });
      await expect(widget.message('Anything else?')).toBeVisible();
      wire.send({ type: 'end_session', direction: 'outbound', userId, reasonText: 'Anna has closed the conversation.' });
      await expect(widget.message('Anna has closed the conversation.')).toBeVisible();
      await expect(widget.composer).toBeDisabled();
      await expect(widget.sendButton).toBeDisabled();
      await expect(widget.endChatButton).toHaveCount(0);

      await widget.startNewButton.click();
      const next = await agent.waitForInbound('start', (e) => e.userId !== userId);
      expect(next.userId).not.toBe(userId);
      expect(agent.inbound('start', userId)).toHaveLength(1);
      await expect(widget.composer).toBeEnabled();
      await expect(widget.startNewButton).toHaveCount(0);
      await expect(widget.message('Anything else?')).toHaveCount(0);
      // The new conversation works both ways.
      await widget.send('Hello again');
      await agent.waitForInbound('text', (e) => e.userId === next.userId && e.text === 'Hello again');
      expect(agent.inbound('text', userId)).toHaveLength(0);
    });

    test('wire text is text: markup shows literally, http links are safe anchors', async ({ widget }) => {
      const errors = collectErrors(widget.page);
      const markup = '<img src=x onerror=alert(1)><b>bold</b>';
      wire.send({ type: 'text', direction: 'outbound', userId, text: markup, agent: DEFAULT_AGENT });
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'See https://example.com/help?a=1 and javascript:alert(2)', agent: DEFAULT_AGENT });
      await expect(widget.message(markup)).toBeVisible();
      await expect(widget.log.locator('b')).toHaveCount(0);
      await expect(widget.log.locator('img[src="x"]')).toHaveCount(0);
      const link = widget.log.getByRole('link', { name: 'https://example.com/help?a=1' });
      await expect(link).toHaveAttribute('href', 'https://example.com/help?a=1');
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(link).toHaveAttribute('target', '_blank');
      await expect(widget.log.getByRole('link')).toHaveCount(1);
      expect(errors).toEqual([]);
    });
  });
}

test.describe('format 2 only', () => {
  test('queue_number with estimatedWaitSeconds shows "about N min"', async ({ widget, agent }) => {
    await widget.open();
    const userId = await widget.userId();
    agent.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 4, estimatedWaitSeconds: 240 });
    await expect(widget.queueStatus(4)).toContainText('about 4 min');
  });
});

test.describe('format 1 only', () => {
  test('a seed 000 inline data:image is shown; other inline schemes are not', async ({ widget, agent }) => {
    await widget.tapSocket();
    await widget.open();
    const userId = await widget.userId();
    const wire = speaker(1, agent, widget);
    const png = `data:image/png;base64,${gradientPng(30, 20).toString('base64')}`;
    wire.send({ type: 'text', direction: 'outbound', userId, text: 'Bifogad bild:', agent: DEFAULT_AGENT, image: png });
    wire.send({ type: 'text', direction: 'outbound', userId, text: 'An SVG:', agent: DEFAULT_AGENT, image: 'data:image/svg+xml;base64,PHN2Zy8+' });
    await expect(widget.message('An SVG:')).toBeVisible();
    const images = widget.log.getByRole('img', { name: 'Image' });
    await expect(images).toHaveCount(1);
    await expect(images).toHaveAttribute('src', png);
  });
});
