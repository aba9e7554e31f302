import { signal } from '@preact/signals-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeMessage } from '../embed/messages.ts';
import { connectHost, type HostedChat, type HostLink } from './bridge.ts';
import type { ChatMessage, EndedBy } from './state/types.ts';

const HOST = 'https://shop.example.com';

/** A fake iframe window: its `parent` records what is posted to it, and `message` events arrive on it. */
function setup(ended: EndedBy | null = null) {
  const posted: { message: unknown; origin: string }[] = [];
  const parent = { postMessage: (message: unknown, origin: string) => posted.push({ message, origin }) } as unknown as Window;
  const stranger = {} as Window;
  const target = new EventTarget();
  const fakeWindow = {
    parent,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  } as unknown as Window;
  const unreadCount = signal(0);
  const endedBy = signal<EndedBy | null>(ended);
  const messages = signal<readonly ChatMessage[]>([]);
  const chat: HostedChat = {
    unreadCount,
    messages,
    ended: endedBy,
    setPanelOpen: vi.fn(),
    startNew: vi.fn(() => {
      endedBy.value = null;
    }),
  };
  const focusComposer = vi.fn();
  const link = connectHost(chat, { hostOrigin: HOST, window: fakeWindow, focusComposer });
  const receive = (data: unknown, source: unknown = parent, origin = HOST) =>
    target.dispatchEvent(Object.assign(new Event('message'), { data, source, origin }));
  const kinds = () => posted.map((p) => (p.message as BridgeMessage).kind);
  const press = (key: string, prevented = false) => {
    const event = new Event('keydown', { cancelable: true });
    Object.assign(event, { key });
    if (prevented) event.preventDefault();
    target.dispatchEvent(event);
  };
  return { posted, kinds, chat, unreadCount, endedBy, messages, link, receive, press, stranger, focusComposer };
}

let link: HostLink | undefined;
afterEach(() => {
  link?.dispose();
  link = undefined;
});

describe('connectHost', () => {
  it('says ready, then the unread count, to the host origin only', () => {
    const t = setup();
    link = t.link;
    expect(t.posted).toEqual([
      { message: { sermo: 1, kind: 'ready' }, origin: HOST },
      { message: { sermo: 1, kind: 'unread', count: 0 }, origin: HOST },
    ]);
    t.unreadCount.value = 2;
    expect(t.posted.at(-1)).toEqual({ message: { sermo: 1, kind: 'unread', count: 2 }, origin: HOST });
  });

  it('tells the host of activity when a message is sent or received, not before', () => {
    const t = setup();
    link = t.link;
    expect(t.kinds()).not.toContain('active');
    t.messages.value = [{ kind: 'customer', key: 'k1', at: 0, text: 'hi', status: 'pending' }];
    expect(t.kinds().filter((k) => k === 'active')).toHaveLength(1);
  });

  it('tells no activity when only a shown message changes (delivered, read): the idle time runs from the last message', () => {
    const t = setup();
    link = t.link;
    t.messages.value = [{ kind: 'customer', key: 'k1', at: 0, text: 'hi', status: 'pending' }];
    t.messages.value = [{ kind: 'customer', key: 'k1', at: 0, text: 'hi', status: 'sent' }];
    expect(t.kinds().filter((k) => k === 'active')).toHaveLength(1);
  });

  it('opens the panel and focuses the composer on open', async () => {
    const t = setup();
    link = t.link;
    t.receive({ sermo: 1, kind: 'open' });
    expect(t.chat.setPanelOpen).toHaveBeenCalledWith(true);
    // After the render the panel state queued: a microtask later.
    expect(t.focusComposer).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(t.focusComposer).toHaveBeenCalledOnce();
    t.receive({ sermo: 1, kind: 'close' });
    expect(t.chat.setPanelOpen).toHaveBeenLastCalledWith(false);
    expect(t.chat.startNew).not.toHaveBeenCalled();
  });

  it('ignores messages from another window, another origin, or outside the vocabulary', () => {
    const t = setup();
    link = t.link;
    t.receive({ sermo: 1, kind: 'open' }, t.stranger);
    t.receive({ sermo: 1, kind: 'open' }, undefined, 'https://evil.example');
    t.receive({ sermo: 2, kind: 'open' });
    t.receive({ sermo: 1, kind: 'send', text: 'hi' });
    t.receive({ sermo: 1, kind: 'unread', count: 5 });
    t.receive('open');
    expect(t.chat.setPanelOpen).not.toHaveBeenCalled();
    expect(t.chat.startNew).not.toHaveBeenCalled();
    expect(t.kinds()).toEqual(['ready', 'unread']);
  });

  it('after the customer ends the chat, asks to minimise and starts anew on the next open', () => {
    const t = setup();
    link = t.link;
    t.endedBy.value = 'customer';
    expect(t.kinds().slice(2)).toEqual(['ended', 'minimise']);
    t.receive({ sermo: 1, kind: 'close' });
    t.receive({ sermo: 1, kind: 'open' });
    expect(t.chat.startNew).toHaveBeenCalledTimes(1);
    t.receive({ sermo: 1, kind: 'open' });
    expect(t.chat.startNew).toHaveBeenCalledTimes(1);
  });

  it('tells the host an agent ended the chat, without minimising or starting anew', () => {
    const t = setup();
    link = t.link;
    t.endedBy.value = 'agent';
    expect(t.kinds().slice(2)).toEqual(['ended']);
    t.receive({ sermo: 1, kind: 'open' });
    expect(t.chat.startNew).not.toHaveBeenCalled();
  });

  it('does not repeat an ending it was born with, but still starts anew on open', () => {
    const t = setup('customer');
    link = t.link;
    expect(t.kinds()).toEqual(['ready', 'unread']);
    t.receive({ sermo: 1, kind: 'open' });
    expect(t.chat.startNew).toHaveBeenCalledTimes(1);
  });

  it('asks to minimise on Escape, unless a dialog is open or handled it', () => {
    const t = setup();
    link = t.link;
    t.press('Escape');
    expect(t.kinds().at(-1)).toBe('minimise');
    const count = t.posted.length;
    t.press('Escape', true);
    t.press('Enter');
    t.link.setDialogOpen(true);
    t.press('Escape');
    expect(t.posted.length).toBe(count);
    t.link.setDialogOpen(false);
    t.press('Escape');
    expect(t.posted.length).toBe(count + 1);
    expect(t.kinds().at(-1)).toBe('minimise');
  });

  it('minimise() asks the host', () => {
    const t = setup();
    link = t.link;
    t.link.minimise();
    expect(t.posted.at(-1)).toEqual({ message: { sermo: 1, kind: 'minimise' }, origin: HOST });
  });

  it('hears and says nothing after dispose', async () => {
    const t = setup();
    t.receive({ sermo: 1, kind: 'open' });
    t.link.dispose();
    await Promise.resolve();
    expect(t.focusComposer).not.toHaveBeenCalled();
    vi.mocked(t.chat.setPanelOpen).mockClear();
    const count = t.posted.length;
    t.receive({ sermo: 1, kind: 'open' });
    t.press('Escape');
    t.unreadCount.value = 4;
    t.endedBy.value = 'customer';
    t.link.minimise();
    expect(t.chat.setPanelOpen).not.toHaveBeenCalled();
    expect(t.posted.length).toBe(count);
  });
});
