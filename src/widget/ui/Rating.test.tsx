/**
 * DESIGN §3 `csat`, §5 rating: after end_session, a group "Rate the chat" of five toggle buttons
 * (`aria-pressed`), an optional comment, "Send rating", then "Thank you for your rating"; in both locales.
 * The rating is a lazy chunk: found with `findBy`.
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

function renderEnded(locale: 'en' | 'sv', rating: 'ask' | 'thanks' | null = 'ask') {
  const t = createTestChat();
  t.ended.value = 'agent';
  t.rating.value = rating;
  const s = stringsFor(locale);
  render(<App chat={t.chat} strings={s} title={s.title} />);
  return t;
}

describe.each([
  {
    locale: 'en' as const,
    group: 'Rate the chat',
    stars: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'],
    comment: 'Comment (optional)',
    send: 'Send rating',
    thanks: 'Thank you for your rating',
    startNew: 'Start a new chat',
  },
  {
    locale: 'sv' as const,
    group: 'Betygsätt chatten',
    stars: ['1 stjärna', '2 stjärnor', '3 stjärnor', '4 stjärnor', '5 stjärnor'],
    comment: 'Kommentar (valfri)',
    send: 'Skicka betyg',
    thanks: 'Tack för ditt betyg',
    startNew: 'Starta en ny chatt',
  },
])('the rating in $locale', (n) => {
  it('offers five toggle buttons, a comment and Send rating, beside "Start a new chat"', async () => {
    renderEnded(n.locale);
    const group = await screen.findByRole('group', { name: n.group });
    const stars = within(group).getAllByRole('button');
    expect(stars.map((b) => b.getAttribute('aria-label'))).toEqual(n.stars);
    expect(stars.map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false', 'false', 'false']);
    expect(screen.getByRole('textbox', { name: n.comment })).toBeTruthy();
    expect(screen.getByRole('button', { name: n.send })).toBeTruthy();
    expect(screen.getByRole('button', { name: n.startNew })).toBeTruthy();
  });

  it('presses the chosen star only, sends the score with the comment, then thanks', async () => {
    const t = renderEnded(n.locale);
    const group = await screen.findByRole('group', { name: n.group });
    const send = screen.getByRole('button', { name: n.send }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(within(group).getByRole('button', { name: n.stars[1]! }));
    fireEvent.click(within(group).getByRole('button', { name: n.stars[3]! }));
    expect(within(group).getAllByRole('button').map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'false', 'false', 'true', 'false']);
    fireEvent.input(screen.getByRole('textbox', { name: n.comment }), { target: { value: 'Quick and kind' } });
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    expect(t.callsOf('rate')).toEqual([[4, 'Quick and kind']]);
    const thanks = screen.getByText(n.thanks);
    expect(document.activeElement).toBe(thanks);
    expect(screen.queryByRole('group', { name: n.group })).toBeNull();
    expect(screen.queryByRole('button', { name: n.send })).toBeNull();
  });

  it('thanks, without asking, once the conversation was rated (after a reload)', async () => {
    renderEnded(n.locale, 'thanks');
    const thanks = await screen.findByText(n.thanks);
    expect(screen.queryByRole('group', { name: n.group })).toBeNull();
    expect(document.activeElement).not.toBe(thanks);
  });
});

describe('the rating', () => {
  it('is not shown when none is asked (csat off, or the customer ended the chat)', async () => {
    renderEnded('en', null);
    await screen.findByRole('button', { name: 'Start a new chat' });
    await Promise.resolve();
    expect(screen.queryByRole('group', { name: 'Rate the chat' })).toBeNull();
    expect(screen.queryByText('Thank you for your rating')).toBeNull();
  });

  it('caps the comment at 1,000 characters', async () => {
    renderEnded('en');
    const comment = (await screen.findByRole('textbox', { name: 'Comment (optional)' })) as HTMLTextAreaElement;
    expect(comment.maxLength).toBe(1_000);
  });
});
