// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { createRef } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

// What the loader bridge (widget/bridge.ts) coordinates with, by props: never by querying the panel's DOM.
describe('App, hosted by the loader', () => {
  it('hands the composer to the ref the bridge focuses', () => {
    const composer = createRef<HTMLTextAreaElement>();
    const s = stringsFor('en');
    render(<App chat={createTestChat().chat} strings={s} title={s.title} onMinimise={() => {}} composerRef={composer} />);
    expect(composer.current).toBe(screen.getByRole('textbox', { name: 'Message', exact: true }));
  });

  it('says when the End chat dialog opens and closes', async () => {
    const onDialog = vi.fn();
    const s = stringsFor('en');
    render(<App chat={createTestChat().chat} strings={s} title={s.title} onMinimise={() => {}} onDialog={onDialog} />);
    fireEvent.click(screen.getByRole('button', { name: 'End chat', exact: true }));
    // The dialog opens once its chunk (App.tsx, extras) is in.
    const cancel = await screen.findByRole('button', { name: 'Cancel', exact: true });
    expect(onDialog).toHaveBeenLastCalledWith(true);
    fireEvent.click(cancel);
    expect(onDialog).toHaveBeenLastCalledWith(false);
  });
});
