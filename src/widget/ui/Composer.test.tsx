// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImageResult } from '../state/types.ts';
import { Composer } from './Composer.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

function renderComposer(options: { imageResult?: ImageResult; locale?: 'en' | 'sv' } = {}) {
  const t = createTestChat(options);
  render(<Composer chat={t.chat} s={stringsFor(options.locale ?? 'en')} disabled={false} />);
  const box = screen.getByRole('textbox', { name: options.locale === 'sv' ? 'Meddelande' : 'Message' }) as HTMLTextAreaElement;
  const type = (text: string) => fireEvent.input(box, { target: { value: text } });
  return { ...t, box, type };
}

/** Presses "Attach image" and returns the file input it opened, as a browser's file chooser comes up for it. */
function openFileChooser(): HTMLInputElement {
  let chooser: HTMLInputElement | undefined;
  const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
    chooser = this;
  });
  fireEvent.click(screen.getByRole('button', { name: 'Attach image' }));
  click.mockRestore();
  if (!chooser) throw new Error('Attach image opened no file chooser');
  return chooser;
}

describe('Composer', () => {
  it('sends on Enter and clears the box', () => {
    const { box, type, callsOf } = renderComposer();
    type('hello');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(callsOf('send')).toEqual([['hello']]);
    expect(box.value).toBe('');
  });

  it('does not send on Shift+Enter', () => {
    const { box, type, callsOf } = renderComposer();
    type('line one');
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(callsOf('send')).toEqual([]);
    expect(box.value).toBe('line one');
  });

  it('sends with the Send button', () => {
    const { type, callsOf } = renderComposer();
    type('hi');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(callsOf('send')).toEqual([['hi']]);
  });

  it('does not send an empty or blank message', () => {
    const { box, type, callsOf } = renderComposer();
    fireEvent.keyDown(box, { key: 'Enter' });
    type('   ');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(callsOf('send')).toEqual([]);
  });

  it('reports every draft change to setDraft', () => {
    const { type, callsOf } = renderComposer();
    type('h');
    type('he');
    expect(callsOf('setDraft')).toEqual([['h'], ['he']]);
  });

  it('counts characters near the limit and refuses to send over it', () => {
    const { box, type, callsOf } = renderComposer();
    type('x'.repeat(4600));
    expect(screen.getByText('4,600 / 5,000')).toBeTruthy();
    type('x'.repeat(5001));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(callsOf('send')).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('The message is too long: 5,001 of at most 5,000 characters.');
    expect(box.value).toHaveLength(5001);
    expect(box.getAttribute('aria-invalid')).toBe('true');
  });

  it('says so in Swedish too', () => {
    const { box, type } = renderComposer({ locale: 'sv' });
    type('x'.repeat(5001));
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toContain('för långt');
  });

  it('opens a file chooser from Attach image, for the four image types', () => {
    renderComposer();
    const chooser = openFileChooser();
    expect(chooser.type).toBe('file');
    expect(chooser.accept).toBe('image/png,image/jpeg,image/gif,image/webp');
  });

  it.each([
    [{ ok: false, reason: 'too_large' } as const, 'The image is too large (at most 5 MB).'],
    [{ ok: false, reason: 'bad_type' } as const, 'Only PNG, JPEG, GIF and WebP images can be sent.'],
    [{ ok: false, reason: 'upload_failed' } as const, 'The image could not be sent. Please try again.'],
  ])('shows a clear error when sendImage fails with %j', async (imageResult, message) => {
    const { callsOf } = renderComposer({ imageResult });
    const input = openFileChooser();
    const file = new File(['x'], 'a.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      fireEvent.change(input);
    });
    expect(callsOf('sendImage')).toEqual([[file, '']]);
    expect(screen.getByRole('alert').textContent).toBe(message);
  });

  it('is disabled after the end', () => {
    const t = createTestChat();
    render(<Composer chat={t.chat} s={stringsFor('en')} disabled />);
    expect((screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Attach image' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
