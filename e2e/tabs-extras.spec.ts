/**
 * Where DESIGN §4.5 (one conversation across tabs) meets issue 14 (DESIGN §3 `preChat`, §4 `rating`), with
 * the script-tag widget in two tabs of one browser context against the real reference broker: the form holds
 * the conversation back in every tab until one submits it; the other tab, its own form showing, then shows
 * that conversation (no form, no start of its own); the rating is given once, whichever tab gives it, and
 * reaches the broker once. Counted on the wire (`recordWire`), not behind the broker's dedupe.
 */
import { expect, test as base } from './fixtures.ts';
import { recordWire, startSite, type Site, type SiteTab, type WireFrame } from './support/site-tabs.ts';

const test = base.extend<{ site: Site }>({
  site: async ({ broker, agent, context }, use) => {
    const site = await startSite(broker, agent, { preChat: 'name,email*' });
    try {
      await use(site);
    } finally {
      await context.close();
      await site.close();
    }
  },
});

/** The pre-chat form and the rating of a tab, found as a person finds them (en). */
function extras(tab: SiteTab) {
  const form = tab.chat.root.getByRole('form', { name: 'Before we start', exact: true });
  const rating = tab.chat.root.getByRole('group', { name: 'Rate the chat', exact: true });
  return {
    form,
    field: (name: string) => form.getByRole('textbox', { name, exact: true }),
    startChat: form.getByRole('button', { name: 'Start chat', exact: true }),
    rating,
    star: (score: number) => rating.getByRole('button', { name: score === 1 ? '1 star' : `${score} stars`, exact: true }),
    sendRating: tab.chat.root.getByRole('button', { name: 'Send rating', exact: true }),
    thanks: tab.chat.root.getByText('Thank you for your rating', { exact: true }),
  };
}

const wrote = (frames: readonly WireFrame[], type: string, userId?: string) =>
  frames.filter((f) => f.type === type && (userId === undefined || f.userId === userId));

test('two tabs with the pre-chat form: one submits, the other shows that conversation; rated in one, thanked in both, one rating on the wire', async ({
  site,
  context,
  agent,
}) => {
  const wire = await recordWire(context);
  const one = await site.open(context);
  const two = await site.open(context, '/other');
  const x1 = extras(one);
  const x2 = extras(two);

  // Both panels open on the form: nothing reaches the broker yet.
  await one.launcher('Open chat').click();
  await expect(x1.form).toBeVisible();
  await two.launcher('Open chat').click();
  await expect(x2.form).toBeVisible();
  await expect(one.chat.composer).toHaveCount(0);
  expect(wrote(wire, 'start')).toEqual([]);
  expect(agent.inbound('start')).toEqual([]);

  await x1.field('Email').fill('ada@example.com');
  await x1.field('Name').fill('Ada');
  await x1.startChat.click();
  const start = await agent.waitForInbound('start');
  expect(start.params).toEqual({ name: 'Ada', email: 'ada@example.com' });
  const { userId } = start;

  // The other tab's form goes; it shows the one conversation.
  await expect(x2.form).toHaveCount(0);
  await expect(two.chat.composer).toBeVisible();
  await two.chat.send('from the second tab');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'from the second tab');
  await expect(one.chat.message('from the second tab')).toBeVisible();
  agent.say(userId, 'Hello Ada');
  for (const tab of [one, two]) await expect(tab.chat.message('Hello Ada')).toBeVisible();

  agent.send({ type: 'end_session', direction: 'outbound', userId });
  for (const x of [x1, x2]) await expect(x.rating).toBeVisible();
  await x1.star(4).click();
  await x1.sendRating.click();
  await expect(x1.thanks).toBeVisible();
  await expect(x2.thanks).toBeVisible();
  await expect(x2.rating).toHaveCount(0);
  await agent.waitForInbound('rating', (e) => e.userId === userId);

  // A reload of the second tab neither asks again nor sends it again.
  await two.page.reload();
  await two.launcher('Open chat').or(two.page.getByRole('button', { name: /^Open chat \(|^Minimise chat$/ })).waitFor();
  if (await two.launcher('Open chat').isVisible()) await two.launcher('Open chat').click();
  await expect(x2.thanks).toBeVisible();
  await expect(x2.form).toHaveCount(0);

  expect(wrote(wire, 'start')).toHaveLength(1);
  expect(wrote(wire, 'rating', userId)).toHaveLength(1);
  expect(agent.inbound('rating')).toHaveLength(1);
});

test('"Start a new chat" with the form: the other tab follows only once the form is submitted', async ({ site, context, agent }) => {
  const wire = await recordWire(context);
  const one = await site.open(context);
  const x1 = extras(one);
  await one.launcher('Open chat').click();
  await x1.field('Email').fill('ada@example.com');
  await x1.startChat.click();
  const { userId: first } = await agent.waitForInbound('start');
  const two = await site.open(context);
  await expect(two.frame).toHaveCount(1);
  await two.launcher('Open chat').click();
  await expect(two.chat.composer).toBeVisible();

  agent.send({ type: 'end_session', direction: 'outbound', userId: first });
  await expect(one.chat.startNewButton).toBeVisible();
  await expect(two.chat.startNewButton).toBeVisible();
  await one.chat.startNewButton.click();
  await expect(x1.form).toBeVisible();
  // The form alone begins nothing: the other tab still shows the ended conversation.
  await expect(two.chat.startNewButton).toBeVisible();
  expect(agent.inbound('start')).toHaveLength(1);

  await x1.field('Email').fill('ada@example.com');
  await x1.startChat.click();
  const next = await agent.waitForInbound('start', (e) => e.userId !== first);
  await expect(two.chat.startNewButton).toHaveCount(0);
  await expect(two.chat.composer).toBeEnabled();
  await two.chat.send('in the new one');
  await agent.waitForInbound('text', (e) => e.userId === next.userId && e.text === 'in the new one');
  expect(wrote(wire, 'start', next.userId)).toHaveLength(1);
});
