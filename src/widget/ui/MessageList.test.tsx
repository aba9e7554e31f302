// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../state/types.ts';
import { options } from 'preact';
import { Message } from './Message.tsx';
import { BLOCK, Block, MessageList } from './MessageList.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat, messageWith } from './test-chat.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const anna = { name: 'Anna', human: true, avatarUrl: 'https://cdn.example/anna.png' };
const bot = { name: 'Botty', human: false };
const at = new Date(2026, 0, 2, 14, 5).getTime();
const agentAt = (i: number, agent = bot): ChatMessage => ({ kind: 'agent', key: `e${i}`, at, agent, text: `text ${i}` });
const conversation = (n: number) => Array.from({ length: n }, (_, i) => agentAt(i));

function renderList(messages: ChatMessage[], locale: 'en' | 'sv' = 'en', unread: string[] = []) {
  const t = createTestChat();
  t.messages.value = messages;
  t.unread.value = unread;
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
    expect(messageWith(t.log, 'hi').textContent).toContain('Skickas…');
    act(() => {
      t.messages.value = [{ kind: 'customer', key: 'c1', at, text: 'hi', status: 'sent' }];
    });
    const message = messageWith(t.log, 'hi');
    expect(message.textContent).not.toContain('Skickas…');
    expect(message.textContent).toContain(new Intl.DateTimeFormat('sv', { dateStyle: 'short', timeStyle: 'short' }).format(at));
  });

  it('shows the agent name and avatar once per run of messages', () => {
    const { log } = renderList([
      { kind: 'agent', key: 'e1', at, agent: anna, text: 'one' },
      { kind: 'agent', key: 'e2', at, agent: anna, text: 'two' },
      { kind: 'agent', key: 'e3', at, agent: bot, text: 'three' },
    ]);
    const authors = within(log).getAllByText(/^(Anna|Botty)$/).map((a) => a.textContent);
    expect(authors).toEqual(['Anna', 'Botty']);
    // Avatars are decorative (the name is beside them): Anna's picture, the default icon for the bot.
    const img = messageWith(log, 'one').querySelector('img');
    expect(img?.getAttribute('src')).toBe(anna.avatarUrl);
    expect(img?.getAttribute('alt')).toBe('');
    expect(messageWith(log, 'two').querySelector('img, svg')).toBeNull();
    expect(messageWith(log, 'three').querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('shows system lines and images', () => {
    const { log } = renderList([
      { kind: 'system', key: 's1', at, text: 'Anna joined', tone: 'info' },
      { kind: 'agent', key: 'e1', at, agent: bot, text: '', imageUrl: 'https://img.example/images/1' },
    ]);
    expect(messageWith(log, 'Anna joined').textContent).toBe('Anna joined');
    expect(screen.getByRole('img', { name: 'Image' }).getAttribute('src')).toBe('https://img.example/images/1');
  });

  it('keeps existing rows when a message is added (keyed by message key)', () => {
    const first: ChatMessage = { kind: 'agent', key: 'e1', at, agent: bot, text: 'one' };
    const t = renderList([first]);
    const row = messageWith(t.log, 'one');
    act(() => {
      t.messages.value = [first, { kind: 'agent', key: 'e2', at, agent: bot, text: 'two' }];
    });
    expect(messageWith(t.log, 'one')).toBe(row);
  });

  it('observes only unread messages, reports those in view to markInView, and stops observing those read', () => {
    const observed: Element[] = [];
    const unobserved: Element[] = [];
    let report: (entries: IntersectionObserverEntry[]) => void = () => {};
    const disconnect = vi.fn();
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: IntersectionObserverCallback) {
          report = (entries) => callback(entries, this as unknown as IntersectionObserver);
        }
        observe(el: Element) {
          observed.push(el);
        }
        unobserve(el: Element) {
          unobserved.push(el);
        }
        disconnect = disconnect;
      },
    );
    // The last row of the first block is unread: the walk back from a new row crosses into it.
    const first = conversation(BLOCK);
    const t = renderList([...first, { kind: 'customer', key: 'c1', at, text: 'mine', status: 'sent' }], 'en', [`e${BLOCK - 1}`]);
    act(() => {
      t.unread.value = [`e${BLOCK - 1}`, 'e100', 'e101'];
      t.messages.value = [...t.messages.value, agentAt(100), agentAt(101)];
    });
    // A row's message, by its text (`text N` is message eN).
    const keyOf = (el: Element) => `e${within(el as HTMLElement).getByText(/^text \d+$/).textContent!.slice(5)}`;
    expect(new Set(observed.map(keyOf))).toEqual(new Set([`e${BLOCK - 1}`, 'e100', 'e101']));
    const row = (key: string) => observed.find((el) => keyOf(el) === key)!;
    const entry = (key: string, isIntersecting: boolean) => ({ target: row(key), isIntersecting }) as IntersectionObserverEntry;
    report([entry('e100', true), entry('e101', false)]);
    expect(t.callsOf('markInView')).toEqual([[['e100']]]);
    expect(unobserved).toEqual([]);
    // The chat read e100 and the one above it; that one never reports again, yet it is no longer observed.
    t.unread.value = ['e101'];
    report([entry('e100', false)]);
    expect(new Set(unobserved.map(keyOf))).toEqual(new Set([`e${BLOCK - 1}`, 'e100']));
    // Nothing in view is reported as nothing in view.
    expect(t.callsOf('markInView')).toEqual([[['e100']], [[]]]);
    act(() => cleanup());
    expect(disconnect).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });

  describe('a long conversation', () => {
    it('diffs one block on an append, not every earlier message (DESIGN §8)', () => {
      const n = 10 * BLOCK + 3;
      const t = renderList(conversation(n));
      const blocks = vi.spyOn(Block.prototype, 'render');
      const rows = vi.spyOn(Message.prototype, 'render');
      // Every vnode made during the append: a flat keyed list makes one per message shown.
      let vnodes = 0;
      const before = options.vnode;
      options.vnode = (vnode) => {
        vnodes += 1;
        before?.(vnode);
      };
      const restore = () => {
        if (before) options.vnode = before;
        else delete options.vnode;
      };
      act(() => {
        t.messages.value = [...t.messages.value, agentAt(n)];
      });
      restore();
      expect(blocks).toHaveBeenCalledTimes(1);
      expect(rows).toHaveBeenCalledTimes(1);
      expect(vnodes).toBeLessThan(2 * BLOCK);
      // The log's children are the blocks, one row per message in them.
      expect(t.log.children).toHaveLength(11);
      expect(within(t.log).getAllByText(/^text \d+$/)).toHaveLength(n + 1);
      expect(t.log.lastElementChild?.lastElementChild?.textContent).toContain(`text ${n}`);
    });

    it('re-renders only the block of a message that changed', () => {
      const messages = [...conversation(3 * BLOCK)];
      messages[BLOCK + 1] = { kind: 'customer', key: 'c1', at, text: 'mine', status: 'pending' };
      const t = renderList(messages);
      const blocks = vi.spyOn(Block.prototype, 'render');
      act(() => {
        const next = [...messages];
        next[BLOCK + 1] = { kind: 'customer', key: 'c1', at, text: 'mine', status: 'sent' };
        t.messages.value = next;
      });
      expect(blocks).toHaveBeenCalledTimes(1);
      expect(messageWith(t.log, 'mine').textContent).not.toContain('Sending…');
    });

    it('shows the author once per run across a block boundary', () => {
      const messages = conversation(BLOCK + 2);
      messages[BLOCK + 1] = agentAt(BLOCK + 1, anna);
      const { log } = renderList(messages);
      expect(within(log).getAllByText(/^(Anna|Botty)$/).map((a) => a.textContent)).toEqual(['Botty', 'Anna']);
    });
  });

  describe('following the end', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** The scroller, 200 px tall over 1,000 px of content that `grow` adds to; `scrollTop` writes are recorded. */
    function measured(log: HTMLElement) {
      // The element that scrolls: the log and what follows it (quick replies, typing) sit in one wrapper inside it.
      const el = log.parentElement!.parentElement!;
      const writes: number[] = [];
      let top = 0;
      let height = 1000;
      Object.defineProperty(el, 'scrollHeight', { get: () => height });
      Object.defineProperty(el, 'clientHeight', { value: 200 });
      Object.defineProperty(el, 'scrollTop', {
        get: () => top,
        set(value: number) {
          top = Math.min(value, height - 200);
          writes.push(value);
        },
      });
      return {
        writes,
        grow: (px: number) => (height += px),
        /** A scroll event with the scroller at `value` (the customer's scroll, or the one a write caused). */
        scrollTo(value: number) {
          top = value;
          el.dispatchEvent(new Event('scroll'));
        },
      };
    }

    it('scrolls to the end once per animation frame however many messages came, and not after unmount', () => {
      vi.useFakeTimers();
      const t = renderList(conversation(3));
      const { writes } = measured(t.log);
      vi.advanceTimersToNextFrame();
      writes.length = 0;
      for (let i = 3; i < 8; i++) {
        act(() => {
          t.messages.value = [...t.messages.value, agentAt(i)];
        });
      }
      expect(writes).toEqual([]);
      vi.advanceTimersToNextFrame();
      expect(writes).toEqual([1000]);
      vi.advanceTimersToNextFrame();
      expect(writes).toEqual([1000]);
      // A frame still pending is cancelled with the list.
      act(() => {
        t.messages.value = [...t.messages.value, agentAt(8)];
      });
      act(() => cleanup());
      expect(vi.getTimerCount()).toBe(0);
    });

    it('stays where the customer scrolled up to, until they send', () => {
      vi.useFakeTimers();
      const t = renderList(conversation(3));
      const { writes, scrollTo } = measured(t.log);
      vi.advanceTimersToNextFrame();
      scrollTo(800);
      scrollTo(300);
      writes.length = 0;
      act(() => {
        t.messages.value = [...t.messages.value, agentAt(3)];
      });
      vi.advanceTimersToNextFrame();
      expect(writes).toEqual([]);
      act(() => {
        t.messages.value = [...t.messages.value, { kind: 'customer', key: 'c1', at, text: 'mine', status: 'pending' }];
      });
      vi.advanceTimersToNextFrame();
      expect(writes).toEqual([1000]);
    });

    it('keeps following when more came before the scroll event of its last frame', () => {
      vi.useFakeTimers();
      const t = renderList(conversation(3));
      const { writes, grow, scrollTo } = measured(t.log);
      vi.advanceTimersToNextFrame();
      scrollTo(800);
      grow(100);
      act(() => {
        t.messages.value = [...t.messages.value, agentAt(3)];
      });
      vi.advanceTimersToNextFrame();
      expect(writes).toEqual([1000, 1100]);
      grow(200);
      act(() => {
        t.messages.value = [...t.messages.value, agentAt(4)];
      });
      // The event of the write to 900 comes now: 200 px from the end, but the customer did not move up.
      scrollTo(900);
      vi.advanceTimersToNextFrame();
      expect(writes).toEqual([1000, 1100, 1300]);
    });
  });
});

describe('MessageList: markdown (DESIGN §4 format "markdown")', () => {
  it('shows a markdown text plain in its place until its chunk is in, then formatted; a plain text stays plain', async () => {
    const { log } = renderList([
      { kind: 'agent', key: 'e1', at, agent: bot, text: 'Pay **now**', markdown: true },
      { kind: 'agent', key: 'e2', at, agent: bot, text: 'not **bold**' },
    ]);
    expect(log.textContent).toContain('not **bold**');
    expect(await within(log).findByText('now', { selector: 'strong' })).toBeTruthy();
    expect(log.querySelectorAll('strong')).toHaveLength(1);
    expect(log.textContent!.indexOf('Pay')).toBeLessThan(log.textContent!.indexOf('not **bold**'));
  });
});

describe('MessageList: attachments (DESIGN §4.4)', () => {
  it('shows the text at once and the cards under it once their chunk is in', async () => {
    const list = [{ type: 'location', latitude: 59.33, longitude: 18.07, name: 'Our store' }];
    const { log } = renderList([{ kind: 'agent', key: 'e1', at, agent: bot, text: 'Find us here', attachments: { list, imagesUrl: 'https://b.example' } }], 'sv');
    expect(log.textContent).toContain('Find us here');
    const map = await within(log).findByRole('link', { name: 'Öppna karta' });
    expect(map.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=59.33&mlon=18.07');
    expect(log.textContent!.indexOf('Find us here')).toBeLessThan(log.textContent!.indexOf('Our store'));
  });
});
