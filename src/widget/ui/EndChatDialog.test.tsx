// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

/** Renders the panel and presses End chat: the dialog opens once its chunk (App.tsx, extras) is in. */
async function openDialog() {
  const t = createTestChat();
  const s = stringsFor('en');
  render(<App chat={t.chat} strings={s} title={s.title} />);
  const x = screen.getByRole('button', { name: 'End chat' });
  x.focus();
  fireEvent.click(x);
  const dialog = await screen.findByRole('alertdialog', { name: 'End the chat?' });
  return { ...t, x, dialog, cancel: within(dialog).getByRole('button', { name: 'Cancel' }), confirm: within(dialog).getByRole('button', { name: 'End chat' }) };
}

describe('EndChatDialog', () => {
  it('starts with focus on Cancel', async () => {
    const { cancel } = await openDialog();
    expect(document.activeElement).toBe(cancel);
  });

  it('traps focus: Tab and Shift+Tab cycle between its two buttons', async () => {
    const { cancel, confirm } = await openDialog();
    confirm.focus();
    fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('makes the rest of the panel inert while open', async () => {
    const { dialog } = await openDialog();
    // The header (banner) and everything else (main) sit in the inert part; the dialog does not.
    const inert = screen.getByRole('main').closest('[inert]');
    expect(inert).not.toBeNull();
    expect(inert!.contains(screen.getByRole('banner'))).toBe(true);
    expect(inert!.contains(dialog)).toBe(false);
  });

  it('cancels on Escape and gives focus back to the X button', async () => {
    const { cancel, callsOf } = await openDialog();
    fireEvent.keyDown(cancel, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(callsOf('endChat')).toEqual([]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'End chat' }));
  });

  it('cancels with Cancel and gives focus back to the X button', async () => {
    const { cancel } = await openDialog();
    fireEvent.click(cancel);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'End chat' }));
  });

  it('ends the chat on confirm and moves focus to "Start a new chat"', async () => {
    const { confirm, callsOf } = await openDialog();
    fireEvent.click(confirm);
    expect(callsOf('endChat')).toEqual([[]]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(await screen.findByRole('button', { name: 'Start a new chat' }));
  });
});
