/**
 * The look of issue 14's views, compared with committed pictures (`chat-extras-screenshots.spec.ts-snapshots/`),
 * the way chat-screenshots.spec.ts does it: a shop page at 1280 x 800 with the iframe embed at 380 x 640, the
 * clock fixed. The pre-chat form with a wrong email said next to its field (en), and the rating after
 * end_session with four stars and a comment (en) and the same at 390 x 844 in Swedish.
 *
 * A change that moves pixels on purpose updates the pictures with
 * `npx playwright test e2e/chat-extras-screenshots.spec.ts --update-snapshots`.
 */
import { expect, test } from './fixtures.ts';
import type { AgentSocket } from './support/chat-agent.ts';
import type { ChatWidget } from './support/chat-widget.ts';

const NOW = new Date('2026-03-02T14:05:00+01:00');
const LOOK = { animations: 'disabled', caret: 'hide', maxDiffPixels: 0 } as const;
const ANNA = { id: 'anna01', name: 'Anna', type: 'human', avatarId: 'agent1' };

test.use({ timezoneId: 'Europe/Stockholm' });
test.beforeEach(async ({ page }) => {
  await page.clock.install({ time: NOW });
});

const RATING = {
  en: { group: 'Rate the chat', star4: '4 stars', comment: 'Comment (optional)', thanks: 'Quick and kind, thank you!', bye: 'Glad I could help. Have a nice day!' },
  sv: { group: 'Betygsätt chatten', star4: '4 stjärnor', comment: 'Kommentar (valfri)', thanks: 'Snabbt och vänligt, tack!', bye: 'Kul att jag kunde hjälpa till. Ha en fin dag!' },
} as const;

/** A short chat that Anna ends, then four stars and a comment chosen, the rating not yet sent. */
async function rateAfterEnd(widget: ChatWidget, agent: AgentSocket): Promise<void> {
  const t = RATING[widget.locale];
  const userId = await widget.userId();
  agent.say(userId, t.bye, { agent: ANNA });
  await expect(widget.message(t.bye)).toBeVisible();
  agent.send({ type: 'end_session', direction: 'outbound', userId });
  const group = widget.root.getByRole('group', { name: t.group, exact: true });
  await group.getByRole('button', { name: t.star4, exact: true }).click();
  await widget.root.getByRole('textbox', { name: t.comment, exact: true }).fill(t.thanks);
  await expect(widget.log.locator('img').first()).toBeVisible();
  await expect.poll(() => widget.log.locator('img').evaluateAll((imgs: HTMLImageElement[]) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the pre-chat form with a wrong email', async ({ widget }) => {
    await widget.openInHost({ width: 380, height: 640 }, { params: { preChat: 'name,email*,phone' } }, { waitForComposer: false });
    const frame = widget.root;
    const form = frame.getByRole('form', { name: 'Before we start', exact: true });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Ada Lovelace');
    await form.getByRole('textbox', { name: 'Email', exact: true }).fill('ada@example');
    await form.getByRole('button', { name: 'Start chat', exact: true }).click();
    await expect(form.getByText('Enter an email address like name@example.com.', { exact: true })).toBeVisible();
    await expect(widget.page).toHaveScreenshot('pre-chat-form.png', LOOK);
  });

  test('the rating after the agent ended the chat', async ({ widget, agent }) => {
    await widget.openInHost({ width: 380, height: 640 });
    await rateAfterEnd(widget, agent);
    await expect(widget.page).toHaveScreenshot('rating.png', LOOK);
  });
});

test.describe('mobile', () => {
  test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('the rating at 390 x 844 (sv)', async ({ widget, agent }) => {
    await widget.open({ locale: 'sv' });
    await rateAfterEnd(widget, agent);
    await expect(widget.page).toHaveScreenshot('rating-mobile-sv.png', LOOK);
  });
});
