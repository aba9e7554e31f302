// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { computed } from '@preact/signals-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../state/types.ts';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat, messageWith } from './test-chat.ts';

afterEach(cleanup);

const agent = { name: 'Anna', human: true };

function renderApp(locale: 'en' | 'sv', onMinimise?: () => void) {
  const t = createTestChat();
  const s = stringsFor(locale);
  render(<App chat={t.chat} strings={s} title={s.title} onMinimise={onMinimise} />);
  return t;
}

// DESIGN §5, both locales: the roles and names are the contract.
describe.each([
  {
    locale: 'en' as const,
    log: 'Messages',
    textbox: 'Message',
    send: 'Send',
    attach: 'Attach image',
    replies: 'Quick replies',
    queue: 'You are number 3 in the queue',
    typing: 'Anna is typing',
    end: 'End chat',
    dialog: 'End the chat?',
    cancel: 'Cancel',
    minimise: 'Minimise chat',
    startNew: 'Start a new chat',
    sending: 'Sending…',
    title: 'Customer service',
  },
  {
    locale: 'sv' as const,
    log: 'Meddelanden',
    textbox: 'Meddelande',
    send: 'Skicka',
    attach: 'Bifoga bild',
    replies: 'Snabbsvar',
    queue: 'Du är nummer 3 i kön',
    typing: 'Anna skriver',
    end: 'Avsluta chatten',
    dialog: 'Avsluta chatten?',
    cancel: 'Avbryt',
    minimise: 'Minimera chatten',
    startNew: 'Starta en ny chatt',
    sending: 'Skickas…',
    title: 'Kundtjänst',
  },
])('roles and names in $locale', (n) => {
  it('has the log, composer, header and its buttons', () => {
    renderApp(n.locale, () => {});
    const log = screen.getByRole('log', { name: n.log });
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('textbox', { name: n.textbox })).toBeTruthy();
    expect(screen.getByRole('button', { name: n.send })).toBeTruthy();
    expect(screen.getByRole('button', { name: n.attach })).toBeTruthy();
    expect(screen.getByRole('button', { name: n.end })).toBeTruthy();
    expect(screen.getByRole('button', { name: n.minimise })).toBeTruthy();
    expect(screen.getByRole('heading', { name: n.title })).toBeTruthy();
  });

  it('shows quick replies, queue position, typing and a pending message', async () => {
    const t = renderApp(n.locale);
    act(() => { t.quickReplies.value = [{ type: 'postback', text: 'Yes', payload: 'y' }]; });
    act(() => { t.queue.value = { position: 3 }; });
    act(() => { t.agentTyping.value = agent; });
    // These come in the extras chunk (App.tsx): found once it is in.
    const group = await screen.findByRole('group', { name: n.replies });
    expect(within(group).getAllByRole('button').map((b) => b.textContent)).toEqual(['Yes']);
    await screen.findByRole('status', { name: n.queue });
    await screen.findByRole('status', { name: n.typing });
    act(() => { t.chat.send('hello'); });
    expect(screen.getByRole('status', { name: n.queue }).textContent).toContain(n.queue);
    expect(screen.getByRole('status', { name: n.typing }).textContent).toContain(n.typing);
    expect(messageWith(screen.getByRole('log'), 'hello').textContent).toContain(n.sending);
  });

  it('opens the end dialog and, once ended, offers a new chat', async () => {
    const t = renderApp(n.locale);
    fireEvent.click(screen.getByRole('button', { name: n.end }));
    const dialog = await screen.findByRole('alertdialog', { name: n.dialog });
    expect(within(dialog).getAllByRole('button')).toHaveLength(2);
    expect(within(dialog).getByRole('button', { name: n.cancel })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: n.end }));
    expect(t.callsOf('endChat')).toEqual([[]]);
    fireEvent.click(await screen.findByRole('button', { name: n.startNew }));
    expect(t.callsOf('startNew')).toEqual([[]]);
    expect(screen.queryByRole('button', { name: n.cancel })).toBeNull();
  });
});

describe('App', () => {
  it('has no minimise button in the iframe embed', () => {
    renderApp('en');
    expect(screen.queryByRole('button', { name: 'Minimise chat' })).toBeNull();
  });

  it('calls onMinimise from the minimise button', () => {
    let minimised = 0;
    renderApp('en', () => minimised++);
    fireEvent.click(screen.getByRole('button', { name: 'Minimise chat' }));
    expect(minimised).toBe(1);
  });

  it('shows the title and the current agent in the header', () => {
    const t = renderApp('en');
    act(() => { t.currentAgent.value = agent; });
    expect(screen.getByRole('banner').textContent).toContain('Anna');
  });

  it('removes quick replies once one is chosen', async () => {
    const t = renderApp('en');
    const reply = { type: 'postback' as const, text: 'Billing', payload: 'billing' };
    act(() => { t.quickReplies.value = [reply, { type: 'postback', text: 'Other', payload: 'other' }]; });
    fireEvent.click(await screen.findByRole('button', { name: 'Billing' }));
    expect(t.callsOf('chooseQuickReply')).toEqual([[reply]]);
    expect(screen.queryByRole('group', { name: 'Quick replies' })).toBeNull();
  });

  it('hides quick replies once the customer writes something else', async () => {
    const t = renderApp('en');
    act(() => { t.quickReplies.value = [{ type: 'postback', text: 'Yes', payload: 'y' }]; });
    expect(await screen.findByRole('group', { name: 'Quick replies' })).toBeTruthy();
    act(() => { t.chat.send('something else'); });
    expect(screen.queryByRole('group', { name: 'Quick replies' })).toBeNull();
  });

  it('shows the wait estimate with the queue position', async () => {
    const t = renderApp('sv');
    act(() => { t.queue.value = { position: 2, estimatedWaitSeconds: 240 }; });
    expect((await screen.findByRole('status', { name: 'Du är nummer 2 i kön' })).textContent).toContain('cirka 4 min');
    act(() => { t.queue.value = null; });
    expect(screen.queryByRole('status', { name: 'Du är nummer 2 i kön' })).toBeNull();
  });

  it('shows the connection banners', () => {
    const t = renderApp('en');
    act(() => { t.connection.value = 'reconnecting'; });
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
    act(() => { t.connection.value = 'unreachable'; });
    expect(screen.getByRole('status').textContent).toBe('The chat service cannot be reached right now');
    act(() => { t.connection.value = 'online'; });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows platform_closed once: its line in the log is the status', () => {
    const t = renderApp('en');
    const text = 'The chat is closed right now. Please try again later.';
    act(() => { t.messages.value = [{ kind: 'system', key: 'e1', at: 0, text, tone: 'closed' }]; });
    expect(screen.getAllByText(text)).toHaveLength(1);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe(text);
    expect(screen.getByRole('log', { name: 'Messages' }).contains(status)).toBe(true);
  });

  it('puts the panel in landmarks: the header is the banner, the rest is main', async () => {
    const t = renderApp('en');
    act(() => { t.quickReplies.value = [{ type: 'postback', text: 'Yes', payload: 'y' }]; });
    const main = screen.getByRole('main');
    expect(main.contains(screen.getByRole('log', { name: 'Messages' }))).toBe(true);
    expect(main.contains(await screen.findByRole('group', { name: 'Quick replies' }))).toBe(true);
    expect(main.contains(screen.getByRole('textbox', { name: 'Message' }))).toBe(true);
    expect(screen.getByRole('banner').textContent).toContain('Customer service');
    expect(main.contains(screen.getByRole('banner'))).toBe(false);
  });

  it('shows "Start a new chat" and disables the composer after the agent ends the chat', async () => {
    const t = renderApp('en');
    act(() => { t.quickReplies.value = [{ type: 'postback', text: 'Yes', payload: 'y' }]; });
    await screen.findByRole('group', { name: 'Quick replies' });
    act(() => { t.ended.value = 'agent'; });
    expect(await screen.findByRole('button', { name: 'Start a new chat' })).toBeTruthy();
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
    expect(screen.queryByRole('group', { name: 'Quick replies' })).toBeNull();
  });

  it('shows "Start a new chat" after the customer ends the chat', async () => {
    const t = renderApp('en');
    act(() => { t.ended.value = 'customer'; });
    expect(await screen.findByRole('button', { name: 'Start a new chat' })).toBeTruthy();
  });

  it('shows a fallback instead of a broken panel when rendering throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const t = createTestChat();
    const chat = { ...t.chat, messages: computed<readonly ChatMessage[]>(() => { throw new Error('bad state'); }) };
    const s = stringsFor('en');
    render(<App chat={chat} strings={s} title={s.title} />);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
