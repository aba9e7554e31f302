/**
 * Issue 14 against the real broker and the built widget in Chromium: the pre-chat form (DESIGN §3 `preChat`)
 * with its errors, the rating after `end_session` (`csat`, DESIGN §4 `rating`) received by the application
 * once, through a reload and through a broker that cannot be reached, and the transcript download's file
 * (DESIGN §5), in English and Swedish. Elements are found by the roles and names of DESIGN §5 only.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import type { AgentSocket } from './support/chat-agent.ts';
import type { ChatWidget, Locale } from './support/chat-widget.ts';

/** DESIGN §5, the new rows, to the letter; and the texts the widget says about a wrong answer. */
const NAMES = {
  en: {
    form: 'Before we start',
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    startChat: 'Start chat',
    required: 'Please fill in this field.',
    badEmail: 'Enter an email address like name@example.com.',
    rate: 'Rate the chat',
    stars: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'],
    comment: 'Comment (optional)',
    sendRating: 'Send rating',
    thanks: 'Thank you for your rating',
    download: 'Download transcript',
    you: 'You',
  },
  sv: {
    form: 'Innan vi börjar',
    name: 'Namn',
    email: 'E-post',
    phone: 'Telefon',
    startChat: 'Starta chatten',
    required: 'Fyll i det här fältet.',
    badEmail: 'Ange en e-postadress som namn@exempel.se.',
    rate: 'Betygsätt chatten',
    stars: ['1 stjärna', '2 stjärnor', '3 stjärnor', '4 stjärnor', '5 stjärnor'],
    comment: 'Kommentar (valfri)',
    sendRating: 'Skicka betyg',
    thanks: 'Tack för ditt betyg',
    download: 'Ladda ner konversationen',
    you: 'Du',
  },
} as const;

/** The new elements of DESIGN §5, found as a person finds them. */
function extras(widget: ChatWidget) {
  const n = NAMES[widget.locale];
  const form = widget.root.getByRole('form', { name: n.form, exact: true });
  const rating = widget.root.getByRole('group', { name: n.rate, exact: true });
  return {
    n,
    form,
    field: (name: string) => form.getByRole('textbox', { name, exact: true }),
    startChat: form.getByRole('button', { name: n.startChat, exact: true }),
    rating,
    star: (score: number) => rating.getByRole('button', { name: n.stars[score - 1]!, exact: true }),
    comment: widget.root.getByRole('textbox', { name: n.comment, exact: true }),
    sendRating: widget.root.getByRole('button', { name: n.sendRating, exact: true }),
    thanks: widget.root.getByText(n.thanks, { exact: true }),
    download: widget.root.getByRole('button', { name: n.download, exact: true }),
  };
}

/** axe-core's serious and critical findings on the page, as lines (none expected). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Opens the iframe embed with a pre-chat form asking a name and a required email (DESIGN §3 `preChat`). */
async function openWithForm(widget: ChatWidget, page: Page, locale: Locale): Promise<void> {
  widget.locale = locale;
  await page.goto(widget.url({ locale, params: { preChat: 'name,email*', queue: 'billing' } }));
}

/** A short conversation the agent ends; returns its userId. */
async function chatUntilEnded(widget: ChatWidget, agent: AgentSocket): Promise<string> {
  const userId = await widget.userId();
  await widget.send('My invoice is wrong.');
  agent.say(userId, 'Fixed it, you will get a new one.');
  await expect(widget.message('Fixed it, you will get a new one.')).toBeVisible();
  agent.send({ type: 'end_session', direction: 'outbound', userId });
  await expect(widget.startNewButton).toBeVisible();
  return userId;
}

for (const locale of ['en', 'sv'] as const) {
  test(`pre-chat form: errors named next to their field, then start carries the answers (${locale})`, async ({ widget, agent, page }) => {
    await openWithForm(widget, page, locale);
    const x = extras(widget);
    await expect(x.form).toBeVisible();
    // The conversation waits for the form: no composer, and nothing reached the broker.
    await expect(widget.composer).toHaveCount(0);
    await expect(x.field(x.n.email)).toHaveAttribute('autocomplete', 'email');
    await expect(x.field(x.n.name)).toHaveAttribute('autocomplete', 'name');

    await x.field(x.n.name).fill('Ada Lovelace');
    await x.startChat.click();
    await expect(x.field(x.n.email)).toHaveAttribute('aria-invalid', 'true');
    await expect(x.field(x.n.email)).toHaveAccessibleDescription(x.n.required);
    await expect(x.field(x.n.email)).toBeFocused();
    await x.field(x.n.email).fill('ada@example');
    await page.keyboard.press('Enter');
    await expect(x.field(x.n.email)).toHaveAccessibleDescription(x.n.badEmail);
    await expect(x.form.getByText(x.n.badEmail, { exact: true })).toBeVisible();
    expect(agent.inbound('start')).toHaveLength(0);
    expect(await seriousViolations(page)).toEqual([]);

    await x.field(x.n.email).fill('ada@example.com');
    await expect(x.field(x.n.email)).not.toHaveAttribute('aria-invalid', 'true');
    await x.startChat.click();
    const start = await agent.waitForInbound('start');
    expect(start.params).toEqual({ queue: 'billing', name: 'Ada Lovelace', email: 'ada@example.com' });
    await expect(widget.composer).toBeVisible();
    await expect(x.form).toHaveCount(0);

    // A reload of the same conversation does not ask again.
    await page.reload();
    await expect(widget.composer).toBeVisible();
    await expect(x.form).toHaveCount(0);
    await widget.send('Still me');
    await agent.waitForInbound('text', (e) => e.userId === start.userId && e.text === 'Still me');
    expect(agent.inbound('start')).toHaveLength(1);
  });
}

test('rating: lost on the way, kept through a reload, received by the application once (en)', async ({ widget, agent, page }) => {
  await widget.tapSocket();
  await openWithForm(widget, page, 'en');
  const x = extras(widget);
  await x.field(x.n.email).fill('ada@example.com');
  await x.startChat.click();
  const userId = await chatUntilEnded(widget, agent);

  await expect(x.sendRating).toBeDisabled();
  await x.star(2).click();
  await x.star(4).click();
  await expect(x.star(4)).toHaveAttribute('aria-pressed', 'true');
  await expect(x.star(2)).toHaveAttribute('aria-pressed', 'false');
  await x.comment.fill('Quick and kind');
  // Whatever the widget writes now is lost on the way (the socket stays open): the rating waits in the outbox.
  widget.loseOutgoing(true);
  await x.sendRating.click();
  await expect(x.thanks).toBeFocused();
  await expect(x.rating).toHaveCount(0);

  widget.loseOutgoing(false);
  await page.reload();
  await expect(x.thanks).toBeVisible();
  await expect(x.rating).toHaveCount(0);
  const rating = await agent.waitForInbound('rating', (e) => e.userId === userId);
  expect(rating).toMatchObject({ type: 'rating', direction: 'inbound', userId, score: 4, comment: 'Quick and kind' });
  expect(Number.isNaN(Date.parse(rating.at))).toBe(false);

  // A new conversation (the form again) proves the old one said all it had.
  await widget.startNewButton.click();
  await x.field(x.n.email).fill('ada@example.com');
  await x.startChat.click();
  await agent.waitForInbound('start', (e) => e.userId !== userId);
  await page.reload();
  await expect(widget.composer).toBeVisible();
  const newUser = await widget.userId();
  await widget.send('hello again');
  await agent.waitForInbound('text', (e) => e.userId === newUser && e.text === 'hello again');
  expect(agent.inbound('rating')).toHaveLength(1);
});

test('rating: sent while the broker cannot be reached, delivered once it can (sv)', async ({ widget, agent, page, context }) => {
  await widget.open({ locale: 'sv' });
  const x = extras(widget);
  const userId = await chatUntilEnded(widget, agent);
  // The rating's chunk came with end_session; then the network goes.
  await expect(x.rating).toBeVisible();
  await context.setOffline(true);
  await x.star(5).click();
  await x.sendRating.click();
  await expect(x.thanks).toBeVisible();
  await context.setOffline(false);
  const rating = await agent.waitForInbound('rating', (e) => e.userId === userId, 15_000);
  expect(rating).toMatchObject({ userId, score: 5 });
  expect(rating.comment).toBeUndefined();
  // Once: a reload does not send it again, nor ask again.
  await page.reload();
  await expect(x.thanks).toBeVisible();
  await widget.startNewButton.click();
  const next = await agent.waitForInbound('start', (e) => e.userId !== userId);
  await widget.send('hej igen');
  await agent.waitForInbound('text', (e) => e.userId === next.userId);
  expect(agent.inbound('rating')).toHaveLength(1);
});

test.describe('transcript download', () => {
  test.use({ timezoneId: 'Europe/Stockholm' });

  for (const locale of ['en', 'sv'] as const) {
    test(`saves chat-YYYY-MM-DD.txt with a time and an author on every line, as plain text (${locale})`, async ({ widget, agent, page }) => {
      await page.clock.install({ time: new Date('2026-03-02T14:05:00+01:00') });
      await widget.open({ locale });
      const x = extras(widget);
      const userId = await widget.userId();
      await widget.send('Hello <b>there</b>');
      agent.say(userId, '<img src=x onerror="alert(1)">\nsecond line', { agent: { id: 'anna01', name: 'Anna', type: 'human' } });
      agent.send({ type: 'info', direction: 'outbound', userId, text: 'Anna joined' });
      await expect(widget.message('Anna joined')).toBeVisible();

      const [download] = await Promise.all([page.waitForEvent('download'), x.download.click()]);
      expect(download.suggestedFilename()).toBe('chat-2026-03-02.txt');
      const text = await readFile(await download.path(), 'utf8');
      const lines = text.split('\n');
      expect(lines.pop()).toBe('');
      // The clock runs from 14:05: every line of this short chat is stamped 14:05 or a minute after.
      expect(lines.map((line) => line.replace(/^\[2026-03-02 14:0[56]\] /, ''))).toEqual([
        `${x.n.you}: Hello <b>there</b>`,
        'Anna: <img src=x onerror="alert(1)"> second line',
        'Info: Anna joined',
      ]);
      expect(lines.every((line) => /^\[\d{4}-\d\d-\d\d \d\d:\d\d\] [^:]+: /.test(line))).toBe(true);
    });
  }
});

for (const locale of ['en', 'sv'] as const) {
  test(`rating from the keyboard alone, and axe clean before and after (${locale})`, async ({ widget, agent, page }) => {
    await widget.open({ locale });
    const x = extras(widget);
    const userId = await chatUntilEnded(widget, agent);
    await expect(x.rating).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    // From the top of the panel: Tab until the third star has the focus, Enter presses it.
    await x.download.focus();
    for (let i = 0; i < 20 && !(await x.star(3).evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(x.star(3)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(x.star(3)).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(x.comment).toBeFocused();
    await page.keyboard.type('OK');
    await page.keyboard.press('Tab');
    await expect(x.sendRating).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(x.thanks).toBeFocused();
    expect(await agent.waitForInbound('rating', (e) => e.userId === userId)).toMatchObject({ score: 3, comment: 'OK' });
    expect(await seriousViolations(page)).toEqual([]);
  });
}
