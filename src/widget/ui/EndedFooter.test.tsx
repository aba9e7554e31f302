// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EndedFooter } from './EndedFooter.tsx';
import { stringsFor } from './test-strings.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** "Start a new chat" shown while the panel has the focus (`true`) or not (the host page has it, or another window). */
function showFooter(panelHasFocus: boolean) {
  vi.spyOn(document, 'hasFocus').mockReturnValue(panelHasFocus);
  (document.activeElement as HTMLElement | null)?.blur();
  const view = render(<EndedFooter s={stringsFor('en')} onStart={() => {}} />);
  return { ...view, button: screen.getByRole('button', { name: 'Start a new chat', exact: true }) };
}

describe('EndedFooter: the focus after the end (DESIGN §5)', () => {
  it('takes the focus when the end left it nowhere in a panel that has it', () => {
    const { button } = showFooter(true);
    expect(document.activeElement).toBe(button);
  });

  it('leaves the focus where it is while the panel does not have it, and takes it when the focus comes back to the panel', () => {
    const { button } = showFooter(false);
    expect(document.activeElement).not.toBe(button);
    window.dispatchEvent(new FocusEvent('focus'));
    expect(document.activeElement).toBe(button);
  });

  it('when the focus comes back to a control of the panel, leaves it there', () => {
    const { button } = showFooter(false);
    const other = document.body.appendChild(document.createElement('button'));
    other.focus();
    window.dispatchEvent(new FocusEvent('focus'));
    expect(document.activeElement).toBe(other);
    other.blur();
    window.dispatchEvent(new FocusEvent('focus'));
    expect(document.activeElement).not.toBe(button);
    other.remove();
  });

  it('stops waiting once it is gone', () => {
    const { unmount } = showFooter(false);
    unmount();
    window.dispatchEvent(new FocusEvent('focus'));
    expect(document.activeElement).toBe(document.body);
  });
});
