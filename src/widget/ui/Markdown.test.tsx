// @vitest-environment happy-dom
/** @jsxRuntime classic */
/** @jsx h */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from './Markdown.tsx';
import { h } from './reactive.ts';

afterEach(cleanup);

function renderMarkdown(text: string) {
  const { container } = render(<Markdown text={text} />);
  return container;
}

describe('Markdown: the subset of DESIGN §4 as elements and text nodes', () => {
  it('shows bold, italic, code, lists and paragraphs as their elements', () => {
    const shown = renderMarkdown('Pay **399 kr** by _Friday_ with `OCR 123`.\n\n- Unplug\n- Wait\n\n1. One\n2. Two');
    expect(shown.querySelector('strong')?.textContent).toBe('399 kr');
    expect(shown.querySelector('em')?.textContent).toBe('Friday');
    expect(shown.querySelector('code')?.textContent).toBe('OCR 123');
    expect(screen.getAllByRole('list')).toHaveLength(2);
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Unplug', 'Wait', 'One', 'Two']);
    expect(shown.querySelectorAll('p')).toHaveLength(1);
  });

  it('opens web links in a new tab with rel="noopener noreferrer"; mailto and tel links in place', () => {
    renderMarkdown('[Help](https://example.com/help), [mail](mailto:help@example.com), [call](tel:+46812345) or https://example.com/raw');
    const help = screen.getByRole('link', { name: 'Help' });
    expect([help.getAttribute('href'), help.getAttribute('target'), help.getAttribute('rel')]).toEqual(['https://example.com/help', '_blank', 'noopener noreferrer']);
    expect(screen.getByRole('link', { name: 'mail' }).getAttribute('href')).toBe('mailto:help@example.com');
    expect(screen.getByRole('link', { name: 'call' }).getAttribute('href')).toBe('tel:+46812345');
    // A bare address is linked as in plain text.
    expect(screen.getByRole('link', { name: 'https://example.com/raw' }).getAttribute('rel')).toBe('noopener noreferrer');
  });
});

describe('Markdown: hostile text renders as text', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '**<b onmouseover=alert(1)>x</b>**',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](data:text/html,<script>alert(1)</script>)',
    '[click](vbscript:msgbox(1))',
    '[<img src=x onerror=alert(1)>](https://e.com/)',
    '`<script>alert(1)</script>`',
    '- <iframe src="javascript:alert(1)"></iframe>',
  ];
  for (const text of hostile) {
    it(`shows ${JSON.stringify(text)} without an element from it or a script link`, () => {
      const shown = renderMarkdown(text);
      expect(shown.querySelector('script, img, iframe, b, [onerror], [onmouseover]')).toBeNull();
      for (const link of shown.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^(https?:|mailto:|tel:)/);
      expect(shown.textContent).toContain(text.includes('<') ? text.slice(text.indexOf('<'), text.indexOf('>') + 1) : 'click');
    });
  }

  it('shows a javascript: link as the literal text it was written as', () => {
    renderMarkdown('[click](javascript:alert(1))');
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText('[click](javascript:alert(1))')).toBeTruthy();
  });
});
