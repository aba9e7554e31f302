/**
 * The demo tour: the reference broker and the demo bot in-process, the demo site driven as a customer and
 * the agent console as an agent, one step at a time, each asserted by role and name (DESIGN §5) and
 * photographed into the test output folder (`<SERMO_TEST_RESULTS>/demo-tour-*`/NN-step.png).
 */
import { expect, test, type FrameLocator, type Page, type TestInfo } from '@playwright/test';
import { resolve } from 'node:path';
import { startBroker, type Broker } from '../src/broker/server.ts';
import { startDemoBot, type DemoBot, type DemoBotOptions } from '../src/demo/bot.ts';
import { parseOpeningHours } from '../src/demo/opening-hours.ts';

const API_KEY = 'tour-key';
const staticDir = resolve(import.meta.dirname, '..', process.env.SERMO_OUT_DIR ?? 'dist');

interface Demo {
  broker: Broker;
  bot: DemoBot;
}

async function startDemo(bot: Partial<DemoBotOptions> = {}): Promise<Demo> {
  const broker = await startBroker({ port: 0, apiKeys: [API_KEY], staticDir, log: () => {} });
  const demoBot = await startDemoBot({
    brokerUrl: broker.url,
    apiKey: API_KEY,
    ...bot,
    timings: { botTypingMs: 300, queueStepMs: 60_000, agentTypingMs: 400, agentDoneMs: 600, ...bot.timings },
  });
  return { broker, bot: demoBot };
}

async function stopDemo(demo: Demo | undefined): Promise<void> {
  await demo?.bot.close();
  await demo?.broker.close();
}

/** Saves numbered screenshots of one test into its output folder. */
function camera(testInfo: TestInfo) {
  let n = 0;
  return async (page: Page, name: string) => {
    n++;
    await page.screenshot({ path: testInfo.outputPath(`${String(n).padStart(2, '0')}-${name}.png`) });
  };
}

/** The widget on the demo site: open the launcher, then work inside its iframe. */
async function openWidget(page: Page, url: string): Promise<FrameLocator> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Open chat' }).click();
  return page.frameLocator('iframe');
}

const messages = (chat: FrameLocator) => chat.getByRole('log', { name: 'Messages' });
const quickReply = (chat: FrameLocator, name: string) => chat.getByRole('group', { name: 'Quick replies' }).getByRole('button', { name });

async function say(chat: FrameLocator, text: string): Promise<void> {
  await chat.getByRole('textbox', { name: 'Message', exact: true }).fill(text);
  await chat.getByRole('button', { name: 'Send', exact: true }).click();
}

test.describe('demo tour', () => {
  let demo: Demo | undefined;
  test.afterEach(async () => {
    await stopDemo(demo);
    demo = undefined;
  });

  test('a customer meets the bot, the queue and an agent in the console', async ({ browser }, testInfo) => {
    test.setTimeout(60_000);
    const shot = camera(testInfo);
    demo = await startDemo();
    const customer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const agent = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    // 1. The demo site.
    await customer.goto(`${demo.broker.url}/?ref=tour`);
    await expect(customer.getByRole('heading', { name: 'How can we help?' })).toBeVisible();
    await expect(customer.getByRole('button', { name: 'Open chat' })).toBeVisible();
    await shot(customer, 'site');

    // 2. The agent is at the console before the customer arrives (it learns of conversations from their events).
    await agent.goto(`${demo.broker.url}/console.html#key=${API_KEY}`);
    await expect(agent.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    expect(agent.url()).not.toContain(API_KEY);
    await expect(agent.getByText('Waiting for customers.', { exact: false })).toBeVisible();

    // 3. The bot greets with typing, its avatar and three quick replies.
    const chat = await openWidget(customer, `${demo.broker.url}/?ref=tour`);
    await expect(messages(chat)).toContainText('I am Nora');
    for (const name of ['Invoice', 'Technical problem', 'Talk to a person']) await expect(quickReply(chat, name)).toBeVisible();
    await shot(customer, 'bot-greeting');

    // 4. The console: the conversation is listed, with the customer's draft as they type.
    await chat.getByRole('textbox', { name: 'Message', exact: true }).pressSequentially('My internet keeps dropping', { delay: 20 });
    const list = agent.getByRole('navigation', { name: 'Conversations' });
    await expect(list.getByRole('button', { name: /Typing: My internet keeps dropping/ })).toBeVisible();
    await list.getByRole('button', { name: /Customer/ }).click();
    const view = agent.getByRole('main', { name: /Conversation with Customer/ });
    await expect(view.getByRole('status', { name: 'Customer draft' })).toContainText('My internet keeps dropping');
    await expect(view).toContainText('ref=tour');
    await shot(agent, 'console-live-draft');

    // 5. A quick reply; the bot answers with an image and new quick replies.
    await chat.getByRole('textbox', { name: 'Message', exact: true }).fill('');
    await quickReply(chat, 'Technical problem').click();
    await expect(messages(chat).getByRole('img').last()).toBeVisible();
    await expect(quickReply(chat, 'Still not working')).toBeVisible();
    await quickReply(chat, 'Still not working').scrollIntoViewIfNeeded();
    await shot(customer, 'bot-image');

    // 6. Hand-over: an info line and the queue position with its estimated wait.
    await quickReply(chat, 'Still not working').click();
    await expect(messages(chat)).toContainText('placed in the queue "Technical support"');
    await expect(chat.getByText('You are number 3 in the queue')).toBeVisible();
    await expect(view.getByRole('log', { name: 'Transcript' })).toContainText('Handed over to queue technical');
    await shot(customer, 'queue');

    // 7. The agent claims the conversation from the bot and types; the customer sees them typing.
    await view.getByRole('button', { name: 'Claim from bot' }).click();
    await expect(view.getByText('You are handling this conversation.')).toBeVisible();
    await view.getByRole('textbox', { name: 'Reply' }).fill('Hi, Alex here. I can see the dropouts on your line.');
    await expect(chat.getByRole('status', { name: 'Alex is typing' })).toBeVisible();
    await shot(customer, 'agent-typing');

    // 8. The agent answers with quick replies; the queue status goes away.
    await view.getByRole('textbox', { name: 'Quick replies (comma separated)' }).fill('Yes please, No thanks');
    await view.getByRole('button', { name: 'Send reply' }).click();
    await expect(messages(chat)).toContainText('Alex here');
    await expect(quickReply(chat, 'Yes please')).toBeVisible();
    await expect(chat.getByText('You are number 3 in the queue')).toBeHidden();
    await expect(chat.getByRole('status', { name: 'Alex is typing' })).toBeHidden();
    await shot(customer, 'agent-reply');

    // 9. Read state reaches the console.
    await expect(view.getByRole('log', { name: 'Transcript' }).getByText(/· Read$/).last()).toBeVisible();
    await expect(view).toContainText('Read up to');
    await shot(agent, 'console-read');

    // 10. An info line from the console.
    await view.getByRole('textbox', { name: 'Reply' }).fill('Running a line test now.');
    await view.getByRole('button', { name: 'Send as info' }).click();
    await expect(messages(chat)).toContainText('Running a line test now.');

    // 11. Agent done: the customer sees the seed 000 line, and the conversation stays open.
    await view.getByRole('button', { name: 'Agent done' }).click();
    await expect(messages(chat)).toContainText('The agent has left the chat');
    await expect(chat.getByRole('textbox', { name: 'Message', exact: true })).toBeEnabled();
    await shot(customer, 'agent-done');

    // 12. The customer returns: first in line again (seed 001).
    await say(chat, 'Actually, one more question');
    await expect(messages(chat)).toContainText('Welcome back! You are first in line');
    await expect(chat.getByText('You are number 1 in the queue')).toBeVisible();
    await shot(customer, 'returning-customer');

    // 13. Goodbye: the bot ends the conversation with a reason.
    await say(chat, 'Never mind, bye!');
    await expect(messages(chat)).toContainText('Thanks for contacting Nordlink Broadband');
    await expect(chat.getByRole('button', { name: 'Start a new chat' })).toBeVisible();
    await expect(view.getByRole('log', { name: 'Transcript' })).toContainText('Conversation ended');
    await shot(customer, 'ended');
    await shot(agent, 'console-ended');
  });

  test('nobody claims: the bot plays a human agent, who answers and leaves', async ({ page }, testInfo) => {
    const shot = camera(testInfo);
    demo = await startDemo({ timings: { queueStart: 2, queueStepMs: 700, agentTypingMs: 800, agentDoneMs: 800 } });
    const chat = await openWidget(page, `${demo.broker.url}/`);
    await quickReply(chat, 'Talk to a person').click();
    await expect(chat.getByText('You are number 2 in the queue')).toBeVisible();
    await expect(chat.getByText('You are number 1 in the queue')).toBeVisible();
    await shot(page, 'queue-counting-down');

    await expect(chat.getByRole('status', { name: 'Maja is typing' })).toBeVisible();
    await shot(page, 'agent-typing');
    await expect(messages(chat)).toContainText('Maja here');
    await expect(messages(chat).locator('img[src$="/demo/agents/maja.svg"]').first()).toBeVisible();
    await shot(page, 'agent-intro');

    await say(chat, 'All the lights are blinking');
    await expect(messages(chat)).toContainText('I have reset your line');
    await expect(messages(chat)).toContainText('Maja has left the chat');
    await shot(page, 'agent-done');
  });

  test('outside opening hours the chat says it is closed', async ({ page }, testInfo) => {
    const shot = camera(testInfo);
    const hours = parseOpeningHours('Mon-Fri 08:00-20:00');
    if (!hours.ok) throw new Error(hours.error);
    // A Sunday night, local time.
    demo = await startDemo({ openingHours: hours.hours, now: () => new Date(2026, 0, 4, 23, 0) });
    const chat = await openWidget(page, `${demo.broker.url}/`);
    await expect(messages(chat)).toContainText('Our chat is open Mon-Fri 08:00-20:00');
    await expect(messages(chat)).toContainText('closed right now');
    await shot(page, 'platform-closed');
  });

  test('the iframe embed starts in the billing queue, and the agent ends the chat with a reason', async ({ browser }, testInfo) => {
    const shot = camera(testInfo);
    demo = await startDemo();
    const customer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const agent = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await agent.goto(`${demo.broker.url}/console.html#key=${API_KEY}`);
    await expect(agent.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
    await customer.goto(`${demo.broker.url}/embed.html`);
    const chat = customer.frameLocator('#chat-frame');
    await expect(messages(chat)).toContainText('question about billing');
    await expect(customer.getByRole('link', { name: 'Agent console' })).toBeVisible();
    await shot(customer, 'iframe-embed');

    await agent.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Customer/ }).click();
    const view = agent.getByRole('main', { name: /Conversation with Customer/ });
    await expect(view).toContainText('queue=billing');
    await view.getByRole('button', { name: 'Send platform closed' }).click();
    await expect(messages(chat)).toContainText('The chat is closed right now');
    await view.getByRole('textbox', { name: 'Reason shown to the customer' }).fill('Your invoice has been corrected. Goodbye!');
    await view.getByRole('button', { name: 'End conversation' }).click();
    await expect(messages(chat)).toContainText('Your invoice has been corrected. Goodbye!');
    await expect(chat.getByRole('button', { name: 'Start a new chat' })).toBeVisible();
    await shot(customer, 'ended-by-agent');
    await shot(agent, 'console-ended-by-agent');
  });
});
