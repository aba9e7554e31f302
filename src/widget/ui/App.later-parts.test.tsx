// @vitest-environment happy-dom
/**
 * The queue place, the typing indicator, reply buttons, "Start a new chat" and the end dialog come in one
 * lazy chunk (later-parts.ts, DESIGN §8). What happened before it is in still shows once it is, and "End
 * chat" opens the dialog only with the chunk in (never an inert panel with nothing over it).
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, expect, it, vi } from 'vitest';
import { stringsFor } from './i18n.ts';
import { createTestChat } from './test-chat.ts';

afterEach(() => {
  cleanup();
  vi.doUnmock('./later-parts.tsx');
});

it('shows what came before the chunk once it is in, and opens the end dialog only then', async () => {
  // The chunk's load, held until the test lets it through; App imported anew, so that nothing is in yet
  // (the unit tests share one module graph).
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (release = resolve));
  vi.resetModules();
  vi.doMock('./later-parts.tsx', async (importOriginal) => {
    await arrived;
    return importOriginal();
  });
  const { App } = await import('./App.tsx');
  const t = createTestChat();
  t.queue.value = { position: 2 };
  t.agentTyping.value = { name: 'Anna', human: true };
  t.quickReplies.value = [{ type: 'postback', text: 'Billing', payload: 'billing' }];
  const s = stringsFor('en');
  render(<App chat={t.chat} strings={s} title={s.title} />);
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
  });
  expect(screen.queryByRole('alertdialog')).toBeNull();
  expect(screen.getByRole('main').closest('[inert]')).toBeNull();
  expect(screen.queryByRole('status', { name: 'You are number 2 in the queue' })).toBeNull();

  release();
  expect(await screen.findByRole('status', { name: 'You are number 2 in the queue' })).toBeTruthy();
  expect(screen.getByRole('status', { name: 'Anna is typing' })).toBeTruthy();
  await act(async () => {});
  expect(screen.getByRole('group', { name: 'Quick replies' })).toBeTruthy();
  // The press made while the chunk was loading opens the dialog once it is in.
  expect(await screen.findByRole('alertdialog', { name: 'End the chat?' })).toBeTruthy();
});
