/**
 * DESIGN §5: roles and names are a contract, and everything works from the keyboard. axe-core checks the
 * widget with a real conversation on screen; the keyboard tests use only Tab, Enter, Shift+Enter, Escape.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { DEFAULT_AGENT, type AgentSocket } from './support/chat-agent.ts';
import type { ChatWidget } from './support/chat-widget.ts';

/** A conversation with every kind of row: customer, agent with avatar, bot with quick replies, system, queue. */
async function showConversation(widget: ChatWidget, agent: AgentSocket, userId: string): Promise<void> {
  await widget.send('Hi, my internet is down');
  agent.send({ type: 'info', direction: 'outbound', userId, text: 'You are talking to our assistant.' });
  agent.say(userId, 'Is the router light red or green?', {
    agent: { id: 'bot', name: 'Bot', avatarId: 'bot' },
    quickReplies: [
      { type: 'postback', text: 'Red', payload: 'red' },
      { type: 'postback', text: 'Green', payload: 'green' },
    ],
  });
  agent.send({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 2, estimatedWaitSeconds: 120 });
  agent.say(userId, 'Anna here, I can see the fault. See https://example.com/status', {
    agent: { ...DEFAULT_AGENT, avatarId: 'agent1' },
  });
  agent.send({ type: 'typing_on', direction: 'outbound', userId, agent: { name: 'Anna' } });
  await expect(widget.typingStatus('Anna')).toBeVisible();
  await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(0);
}

async function seriousViolations(widget: ChatWidget): Promise<string[]> {
  const results = await new AxeBuilder({ page: widget.page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const locale of ['en', 'sv'] as const) {
  test(`axe: no serious or critical violations with a conversation shown (${locale})`, async ({ widget, agent }) => {
    await widget.open({ locale });
    const userId = await widget.userId();
    await showConversation(widget, agent, userId);
    expect(await seriousViolations(widget)).toEqual([]);

    await widget.endChatButton.click();
    await expect(widget.endDialog).toBeVisible();
    expect(await seriousViolations(widget)).toEqual([]);
  });
}

test('axe: no serious or critical violations after the chat has ended', async ({ widget, agent }) => {
  await widget.open();
  const userId = await widget.userId();
  agent.say(userId, 'Goodbye!');
  agent.send({ type: 'end_session', direction: 'outbound', userId, reasonText: 'The conversation has ended.' });
  await expect(widget.startNewButton).toBeVisible();
  expect(await seriousViolations(widget)).toEqual([]);
});

/** Presses Tab until `target` has focus; fails after `max` presses. */
async function tabTo(widget: ChatWidget, target: Locator, max = 12): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await widget.page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('keyboard: Tab reaches the composer, Enter sends, Shift+Enter makes a new line', async ({ widget, agent }) => {
  await widget.open();
  const userId = await widget.userId();
  await tabTo(widget, widget.composer);

  await widget.page.keyboard.type('Hello by keyboard');
  await widget.page.keyboard.press('Enter');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Hello by keyboard');
  await expect(widget.composer).toHaveValue('');
  await expect(widget.composer).toBeFocused();

  await widget.page.keyboard.type('line one');
  await widget.page.keyboard.press('Shift+Enter');
  await widget.page.keyboard.type('line two');
  await expect(widget.composer).toHaveValue('line one\nline two');
  await widget.page.keyboard.press('Enter');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'line one\nline two');
  expect(agent.inbound('text', userId).map((e) => e.text)).toEqual(['Hello by keyboard', 'line one\nline two']);

  // Quick replies are buttons in the tab order, chosen with Enter.
  agent.say(userId, 'Which one?', { agent: { id: 'bot', name: 'Bot' }, quickReplies: [{ type: 'postback', text: 'Yes', payload: 'y' }] });
  await expect(widget.quickReply('Yes')).toBeVisible();
  await widget.quickReply('Yes').focus();
  await widget.page.keyboard.press('Enter');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.quickReplyPayload === 'y');
});

test('keyboard: the end-chat dialog keeps focus inside, Escape cancels, Enter on "End chat" ends', async ({ widget, agent }) => {
  await widget.open();
  const userId = await widget.userId();
  await tabTo(widget, widget.endChatButton);
  await widget.page.keyboard.press('Enter');
  await expect(widget.endDialog).toBeVisible();

  const inDialog = () => widget.endDialog.evaluate((dialog) => dialog.contains(document.activeElement));
  expect(await inDialog()).toBe(true);
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await widget.page.keyboard.press(key);
    expect(await inDialog(), `focus inside the dialog after ${key}`).toBe(true);
  }

  await widget.page.keyboard.press('Escape');
  await expect(widget.endDialog).toHaveCount(0);
  await expect(widget.endChatButton).toBeFocused();
  await expect(widget.composer).toBeEnabled();
  // Nothing was sent for the cancelled dialog: a later text arrives with no client_left before it.
  await widget.send('still chatting');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'still chatting');
  expect(agent.inbound('client_left', userId)).toHaveLength(0);

  await widget.endChatButton.focus();
  await widget.page.keyboard.press('Enter');
  const confirm = widget.endDialog.getByRole('button', { name: widget.names.endChat, exact: true });
  await tabTo(widget, confirm, 4);
  await widget.page.keyboard.press('Enter');
  await agent.waitForInbound('client_left', (e) => e.userId === userId);
  await expect(widget.startNewButton).toBeVisible();
  await expect(widget.startNewButton).toBeFocused();
});

test('the typing dots, the only motion, stand still when the customer prefers reduced motion', async ({ widget, agent, page }) => {
  const dotAnimations = () =>
    widget.typingStatus('Anna').evaluate((status) => [...status.querySelectorAll('i')].map((dot) => getComputedStyle(dot).animationName));
  await widget.open();
  const userId = await widget.userId();
  agent.send({ type: 'typing_on', direction: 'outbound', userId, agent: { name: 'Anna' } });
  await expect(widget.typingStatus('Anna')).toBeVisible();
  expect(await dotAnimations()).toEqual(['sermo-dot', 'sermo-dot', 'sermo-dot']);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await dotAnimations()).toEqual(['none', 'none', 'none']);
});
