// @vitest-environment happy-dom
/**
 * The UI driven by the real createChat on a FakeSocket (STYLE B.11): frames in, what the customer sees and
 * does, frames out.
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frame2, sentEvents, setupChat } from '../state/test-kit.ts';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { messageWith } from './test-chat.ts';

const USER = 'id-1';
const anna = { id: 'a1', name: 'Anna', type: 'human' };

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function start(locale: 'en' | 'sv' = 'en') {
  const setup = setupChat({ config: { locale } });
  const s = stringsFor(locale);
  render(<App chat={setup.chat} strings={s} title={s.title} />);
  const socket = setup.fake.last();
  act(() => socket.open());
  const receive = (type: string, fields: Record<string, unknown> = {}) => act(() => socket.receive(frame2(USER, type, fields)));
  const sentTypes = () => sentEvents(setup.fake.last()).map((e) => e.type);
  return { ...setup, socket, receive, sentTypes };
}

describe('App on the real chat', () => {
  it('shows agent messages, queue, typing and quick replies, and sends the chosen reply', async () => {
    const { chat, socket, receive } = start();
    receive('queue_number', { queueNumber: 2 });
    // The queue place, typing and reply buttons come in the extras chunk (App.tsx): found once it is in.
    expect(await screen.findByRole('status', { name: 'You are number 2 in the queue' })).toBeTruthy();
    receive('typing_on', { agent: anna });
    expect(await screen.findByRole('status', { name: 'Anna is typing' })).toBeTruthy();
    receive('text', { agent: anna, text: 'Hi! <b>Pick</b> one', quickReplies: [{ type: 'postback', text: 'Billing', payload: 'billing' }] });
    expect(screen.queryByRole('status', { name: 'You are number 2 in the queue' })).toBeNull();
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.textContent).toContain('Hi! <b>Pick</b> one');
    expect(log.querySelector('b')).toBeNull();
    fireEvent.click(within(await screen.findByRole('group', { name: 'Quick replies' })).getByRole('button', { name: 'Billing' }));
    expect(screen.queryByRole('group', { name: 'Quick replies' })).toBeNull();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(sentEvents(socket).filter((e) => e.type === 'text')).toMatchObject([{ text: 'Billing', quickReplyPayload: 'billing' }]);
    act(() => chat.dispose());
  });

  it('sends with Enter, shows "Sending…" while offline, and sends the draft as typing', () => {
    const { chat, socket, sentTypes } = start('sv');
    const box = screen.getByRole('textbox', { name: 'Meddelande' });
    fireEvent.input(box, { target: { value: 'hej' } });
    act(() => {
      vi.advanceTimersByTime(500);
    });
    expect(sentTypes()).toContain('typing_on');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sentEvents(socket).filter((e) => e.type === 'text')).toMatchObject([{ text: 'hej' }]);
    act(() => socket.serverClose());
    fireEvent.input(box, { target: { value: 'är du där?' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(messageWith(screen.getByRole('log'), 'är du där?').textContent).toContain('Skickas…');
    act(() => chat.dispose());
  });

  it('ends the chat after confirming: client_left, composer disabled, "Start a new chat"', async () => {
    const { chat, sentTypes } = start();
    fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'End the chat?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'End chat' }));
    // Through the outbox (DESIGN §4.3), paced after the start written a moment ago.
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(sentTypes()).toContain('client_left');
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Start a new chat' }));
    expect(screen.queryByRole('button', { name: 'Start a new chat' })).toBeNull();
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(false);
    act(() => chat.dispose());
  });

  it('shows end_session as a system line with "Start a new chat"', async () => {
    const { chat, receive } = start();
    receive('end_session', { reasonText: 'Anna closed the chat' });
    expect(screen.getByRole('log', { name: 'Messages' }).textContent).toContain('Anna closed the chat');
    expect(await screen.findByRole('button', { name: 'Start a new chat' })).toBeTruthy();
    act(() => chat.dispose());
  });

  it('leaves no timer behind once the page and the chat are disposed', () => {
    const { chat } = start();
    act(() => cleanup());
    act(() => chat.dispose());
    expect(vi.getTimerCount()).toBe(0);
  });
});
