/**
 * The widget's look, compared with committed pictures (`chat-screenshots.spec.ts-snapshots/`): a full
 * conversation with a human agent with an avatar, a customer image, a transfer into the queue, a bot with
 * quick replies and the typing indicator. Desktop: a shop page at 1280 x 800 with the iframe embed at
 * 380 x 640. Mobile: the widget alone at 390 x 844, in English and Swedish.
 *
 * A change that moves pixels on purpose (CSS, layout, strings) updates the pictures with
 * `npx playwright test e2e/chat-screenshots.spec.ts --update-snapshots`, and the diff shows them to the
 * reviewer. The clock is fixed (message times) and the typing dots are still, so the same build draws the same.
 */
import { expect, test } from './fixtures.ts';
import type { AgentSocket } from './support/chat-agent.ts';
import { gradientPng } from './support/chat-png.ts';
import type { ChatWidget, Locale } from './support/chat-widget.ts';
import { MEDIA, serveMedia } from './support/chat-media.ts';

const LINES = {
  en: {
    hello: 'Hi! My internet has been down since this morning.',
    anna1: "Hi, I'm Anna. Sorry about that! Could you send a photo of the router's lights?",
    caption: 'Here it is. The light is blinking red.',
    anna2: 'Thanks! A line fault. Our technicians can book a visit: https://example.com/visits',
    queued: 'The chat was placed in the queue "Technical support"',
    bot: 'While you wait: would you like a text message when a technician is free?',
    replies: ['Yes, text me', "No, I'll wait here"],
  },
  sv: {
    hello: 'Hej! Internet har legat nere sedan i morse.',
    anna1: 'Hej, jag heter Anna. Tråkigt att höra! Kan du skicka en bild på routerns lampor?',
    caption: 'Här är den. Lampan blinkar rött.',
    anna2: 'Tack! Ett linjefel. Våra tekniker kan boka ett besök: https://example.com/besok',
    queued: 'Chatten har placerats i kön "Teknisk support"',
    bot: 'Medan du väntar: vill du ha ett sms när en tekniker är ledig?',
    replies: ['Ja, sms:a mig', 'Nej, jag väntar här'],
  },
} as const;

/** The clock starts here and runs: every message shows 14:05 (a Monday, in Stockholm). */
const NOW = new Date('2026-03-02T14:05:00+01:00');
/**
 * Not one pixel off (beyond Playwright's default colour threshold, which absorbs anti-aliasing noise): a
 * 2 px change of the bubble radius moves only 6 to 16 pixels at that threshold.
 */
const LOOK = { animations: 'disabled', caret: 'hide', maxDiffPixels: 0 } as const;

test.use({ timezoneId: 'Europe/Stockholm' });
test.beforeEach(async ({ page }) => {
  await page.clock.install({ time: NOW });
});

const ANNA = { id: 'anna01', name: 'Anna', type: 'human', avatarId: 'agent1' };
const BOT = { id: 'bot', name: 'Nova', avatarId: 'bot' };

/** Plays the conversation and waits until everything is on screen and every image has loaded. */
async function playConversation(widget: ChatWidget, agent: AgentSocket, locale: Locale): Promise<void> {
  const t = LINES[locale];
  const userId = await widget.userId();
  await widget.send(t.hello);
  agent.say(userId, t.anna1, { agent: ANNA });
  await expect(widget.message(t.anna1)).toBeVisible();
  await widget.fileInput.setInputFiles({ name: 'router.png', mimeType: 'image/png', buffer: gradientPng(240, 150) });
  await agent.waitForInbound('text', (e) => e.userId === userId && e.imageId !== undefined);
  await widget.send(t.caption);
  agent.say(userId, t.anna2, { agent: ANNA });
  agent.send({ type: 'info', direction: 'outbound', userId, text: t.queued });
  agent.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 2, estimatedWaitSeconds: 240 });
  agent.say(userId, t.bot, {
    agent: BOT,
    quickReplies: t.replies.map((text, i) => ({ type: 'postback' as const, text, payload: `sms-${i}` })),
  });
  agent.send({ type: 'typing_on', direction: 'outbound', userId, agent: { name: 'Nova', avatarId: 'bot' } });

  await expect(widget.quickReply(t.replies[0])).toBeVisible();
  await expect(widget.queueStatus(2)).toBeVisible();
  await expect(widget.typingStatus('Nova')).toBeVisible();
  await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(0);
  // Every picture (customer image, avatars) has loaded, so the screenshot shows them.
  await expect
    .poll(() => widget.log.locator('img').evaluateAll((imgs: HTMLImageElement[]) => imgs.every((i) => i.complete && i.naturalWidth > 0)))
    .toBe(true);
  // The newest content is scrolled into view before the picture is taken.
  await expect(widget.typingStatus('Nova')).toBeInViewport();
}

/** Rich messages (DESIGN §4 markdown, §4.4 cards, the joined line), in each locale. */
const RICH = {
  en: {
    ask: 'Can I pay my invoice at a store?',
    invoice: 'Your invoice is **399 kr**, due *Friday 6 March*. You can pay:\n- in the app, under **Invoices**\n- by bank giro `123-4567`',
    store: 'Yes! Our nearest store, and who to ask for:',
    help: 'Before you go, this may help:',
  },
  sv: {
    ask: 'Kan jag betala fakturan i en butik?',
    invoice: 'Din faktura är på **399 kr**, förfaller *fredag 6 mars*. Du kan betala:\n- i appen, under **Fakturor**\n- med bankgiro `123-4567`',
    store: 'Ja! Vår närmaste butik, och vem du ska fråga efter:',
    help: 'Innan du går, det här kan hjälpa:',
  },
} as const;

/** Plays a conversation with every card that draws the same each time (players are left out), and waits for its pictures. */
async function playRichConversation(widget: ChatWidget, agent: AgentSocket, locale: Locale): Promise<void> {
  const t = RICH[locale];
  await serveMedia(widget.page);
  const userId = await widget.userId();
  await widget.send(t.ask);
  agent.say(userId, t.invoice, {
    agent: ANNA,
    format: 'markdown',
    attachments: [{ type: 'file', url: `${MEDIA}/invoice-2026-03.pdf`, name: 'invoice-2026-03.pdf', size: 48_128 }],
  });
  agent.say(userId, t.store, {
    agent: { id: 'bertil01', name: 'Bertil', type: 'human', avatarId: 'agent2' },
    attachments: [
      { type: 'location', latitude: 59.3326, longitude: 18.0649, name: 'Nordlink Sergels torg', address: 'Sergels torg 12, 111 57 Stockholm' },
      { type: 'contact', name: 'Maja Lind', phone: '+46 8 123 45 67', email: 'maja.lind@nordlink.test' },
    ],
  });
  agent.say(userId, t.help, {
    agent: BOT,
    attachments: [{ type: 'link', url: 'https://help.nordlink.test/invoices', title: 'Invoices and payments', description: 'Due dates, payment options and how to read your invoice.', imageUrl: `${MEDIA}/help.png` }],
  });
  await expect(widget.log.getByRole('link', { name: /^Invoices and payments/ })).toBeVisible();
  await expect(widget.log.locator('strong').first()).toBeVisible();
  await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(0);
  await expect
    .poll(() => widget.log.locator('img').evaluateAll((imgs: HTMLImageElement[]) => imgs.every((i) => i.complete && i.naturalWidth > 0)))
    .toBe(true);
  await expect(widget.log.getByRole('link', { name: /^Invoices and payments/ })).toBeInViewport();
}

/** Scrolls the rich conversation back to its beginning: the markdown text and the file. */
async function showRichTop(widget: ChatWidget, locale: Locale): Promise<void> {
  const ask = widget.message(RICH[locale].ask);
  await ask.scrollIntoViewIfNeeded();
  await expect(ask).toBeInViewport();
}

test.describe('desktop', () => {
  test('rich messages: markdown, a file, a location, a contact, a link card and the joined line', async ({ widget, agent }) => {
    await widget.openInHost({ width: 380, height: 640 });
    await playRichConversation(widget, agent, 'en');
    await expect(widget.page).toHaveScreenshot('rich-desktop.png', LOOK);
    await showRichTop(widget, 'en');
    await expect(widget.page).toHaveScreenshot('rich-desktop-top.png', LOOK);
  });

  test.use({ viewport: { width: 1280, height: 800 } });

  test('a full conversation in a 380 x 640 iframe on a shop page', async ({ widget, agent }) => {
    await widget.openInHost({ width: 380, height: 640 });
    await playConversation(widget, agent, 'en');
    await expect(widget.page).toHaveScreenshot('conversation-desktop.png', LOOK);
    // 640 px does not hold it all: the beginning of the conversation too.
    await widget.message(LINES.en.hello).scrollIntoViewIfNeeded();
    await expect(widget.message(LINES.en.hello)).toBeInViewport();
    await expect(widget.page).toHaveScreenshot('conversation-desktop-top.png', LOOK);
  });

  test('the end-chat dialog, then the ended chat', async ({ widget, agent }) => {
    await widget.openInHost({ width: 380, height: 640 });
    const userId = await widget.userId();
    await widget.send('Thanks, that was all.');
    agent.say(userId, 'Glad to help!', { agent: ANNA });
    await expect(widget.message('Glad to help!')).toBeVisible();
    await widget.endChatButton.click();
    await expect(widget.endDialog).toBeVisible();
    await expect(widget.page).toHaveScreenshot('end-chat-dialog.png', LOOK);
    await widget.endDialog.getByRole('button', { name: widget.names.endChat, exact: true }).click();
    await expect(widget.startNewButton).toBeFocused();
    await expect(widget.page).toHaveScreenshot('chat-ended.png', LOOK);
  });
});

test.describe('mobile', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  for (const locale of ['en', 'sv'] as const) {
    test(`a full conversation at 390 x 844 (${locale})`, async ({ widget, agent }) => {
      await widget.open({ locale });
      await playConversation(widget, agent, locale);
      await expect(widget.page).toHaveScreenshot(`conversation-mobile-${locale}.png`, LOOK);
    });

    test(`rich messages at 390 x 844 (${locale})`, async ({ widget, agent }) => {
      await widget.open({ locale });
      await playRichConversation(widget, agent, locale);
      await expect(widget.page).toHaveScreenshot(`rich-mobile-${locale}.png`, LOOK);
      await showRichTop(widget, locale);
      await expect(widget.page).toHaveScreenshot(`rich-mobile-${locale}-top.png`, LOOK);
    });
  }
});
