// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../state/types.ts';
import { MessageList } from './MessageList.tsx';
import { stringsFor } from './i18n.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

const anna = { name: 'Anna', human: true, avatarUrl: 'https://cdn.example/anna.png' };
const bot = { name: 'Botty', human: false };
const at = new Date(2026, 0, 2, 14, 5).getTime();

function renderList(messages: ChatMessage[], locale: 'en' | 'sv' = 'en') {
  const t = createTestChat();
  t.messages.value = messages;
  render(<MessageList chat={t.chat} s={stringsFor(locale)} />);
  return { ...t, log: screen.getByRole('log', { name: locale === 'sv' ? 'Meddelanden' : 'Messages' }) };
}

describe('MessageList', () => {
  it('renders wire markup as literal text and links as safe anchors', () => {
    const { log } = renderList([
      { kind: 'agent', key: 'e1', at, agent: bot, text: '<b>bold</b> <img src=x onerror=alert(1)> see https://example.com/help.' },
    ]);
    expect(log.querySelector('b, img[src=x]')).toBeNull();
    expect(log.textContent).toContain('<b>bold</b> <img src=x onerror=alert(1)>');
    const link = screen.getByRole('link', { name: 'https://example.com/help' });
    expect(link.getAttribute('href')).toBe('https://example.com/help');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('shows "Sending…" inside a pending customer bubble and the time once sent', () => {
    const t = renderList([{ kind: 'customer', key: 'c1', at, text: 'hi', status: 'pending' }], 'sv');
    expect(screen.getByText('hi').closest('.bubble')?.textContent).toContain('Skickas…');
    act(() => {
      t.messages.value = [{ kind: 'customer', key: 'c1', at, text: 'hi', status: 'sent' }];
    });
    const bubble = screen.getByText('hi').closest('.bubble');
    expect(bubble?.textContent).not.toContain('Skickas…');
    expect(bubble?.textContent).toContain(new Intl.DateTimeFormat('sv', { dateStyle: 'short', timeStyle: 'short' }).format(at));
  });

  it('shows the agent name and avatar once per run of messages', () => {
    const { log } = renderList([
      { kind: 'agent', key: 'e1', at, agent: anna, text: 'one' },
      { kind: 'agent', key: 'e2', at, agent: anna, text: 'two' },
      { kind: 'agent', key: 'e3', at, agent: bot, text: 'three' },
    ]);
    const authors = [...log.querySelectorAll('.author')].map((a) => a.textContent);
    expect(authors).toEqual(['Anna', 'Botty']);
    const img = log.querySelector('.author img');
    expect(img?.getAttribute('src')).toBe(anna.avatarUrl);
    expect(img?.getAttribute('alt')).toBe('');
    expect(log.querySelectorAll('.author svg[aria-hidden=true]')).toHaveLength(1);
  });

  it('shows system lines and images', () => {
    const { log } = renderList([
      { kind: 'system', key: 's1', at, text: 'Anna joined', tone: 'info' },
      { kind: 'agent', key: 'e1', at, agent: bot, text: '', imageUrl: 'https://img.example/images/1' },
    ]);
    expect(log.querySelector('.system')?.textContent).toBe('Anna joined');
    expect(screen.getByRole('img', { name: 'Image' }).getAttribute('src')).toBe('https://img.example/images/1');
  });

  it('keeps existing rows when a message is added (keyed by message key)', () => {
    const first: ChatMessage = { kind: 'agent', key: 'e1', at, agent: bot, text: 'one' };
    const t = renderList([first]);
    const row = screen.getByText('one').closest('.row');
    act(() => {
      t.messages.value = [first, { kind: 'agent', key: 'e2', at, agent: bot, text: 'two' }];
    });
    expect(screen.getByText('one').closest('.row')).toBe(row);
  });

  it('reports rows that come into view to markInView, and stops observing on unmount', () => {
    const observed: Element[] = [];
    let report: IntersectionObserverCallback = () => {};
    const disconnect = vi.fn();
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: IntersectionObserverCallback) {
          report = callback;
        }
        observe(el: Element) {
          observed.push(el);
        }
        disconnect = disconnect;
      },
    );
    const t = renderList([
      { kind: 'agent', key: 'e1', at, agent: bot, text: 'one' },
      { kind: 'agent', key: 'e2', at, agent: bot, text: 'two' },
    ]);
    act(() => {
      t.messages.value = [...t.messages.value, { kind: 'agent', key: 'e3', at, agent: bot, text: 'three' }];
    });
    expect(observed.map((el) => (el as HTMLElement).dataset.key)).toEqual(['e2', 'e1', 'e3']);
    const entry = (el: Element, isIntersecting: boolean) => ({ target: el, isIntersecting }) as IntersectionObserverEntry;
    report([entry(observed[0]!, true), entry(observed[1]!, false), entry(observed[2]!, true)], {} as IntersectionObserver);
    expect(t.callsOf('markInView')).toEqual([[['e2', 'e3']]]);
    act(() => cleanup());
    expect(disconnect).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});
