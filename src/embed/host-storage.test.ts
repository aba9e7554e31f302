// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostStorage } from './host-storage.ts';
import type { HostMessage } from './messages.ts';

let dispose: (() => void) | undefined;
afterEach(() => {
  dispose?.();
  localStorage.clear();
});

function setup() {
  const posted: HostMessage[] = [];
  const onConversation = vi.fn();
  const [handle, stop] = hostStorage(localStorage, (m) => posted.push(m), onConversation);
  dispose = stop;
  return { posted, handle, onConversation };
}

const storageEvent = (key: string, newValue: string | null, storageArea: Storage = localStorage) =>
  dispatchEvent(new StorageEvent('storage', { key, newValue, storageArea }));

describe('hostStorage (the host page side)', () => {
  it("sends the widget's keys when asked, never the page's others, then each one another tab changes", () => {
    localStorage.setItem('sermo.chat.log', 'u1 0 ');
    localStorage.setItem('cart', 'secret');
    const t = setup();
    storageEvent('sermo.chat.log', 'before it asked');
    expect(t.posted).toEqual([]);
    t.handle();
    expect(t.posted).toEqual([{ sermo: 1, kind: 'stored', entries: [['sermo.chat.log', 'u1 0 ']] }]);
    storageEvent('sermo.chat.outbox', 'x');
    storageEvent('cart', 'other');
    storageEvent('sermo.chat.log', 'from sessionStorage', sessionStorage);
    expect(t.posted.slice(1)).toEqual([{ sermo: 1, kind: 'stored', entries: [['sermo.chat.outbox', 'x']] }]);
  });

  it("writes and removes the widget's keys only", () => {
    localStorage.setItem('cart', 'secret');
    const t = setup();
    t.handle('sermo.chat.log', 'u1 0 ');
    t.handle('cart', 'overwritten');
    t.handle('cart');
    expect(localStorage.getItem('sermo.chat.log')).toBe('u1 0 ');
    expect(localStorage.getItem('cart')).toBe('secret');
    t.handle('sermo.chat.log');
    expect(localStorage.getItem('sermo.chat.log')).toBeNull();
  });

  it("removes this tab's registration when the page goes; tells of another tab's conversation", () => {
    const t = setup();
    t.handle('sermo.chat.tab.abc', '123');
    t.handle('sermo.chat.log', 'kept');
    dispatchEvent(new Event('pagehide'));
    expect(localStorage.getItem('sermo.chat.tab.abc')).toBeNull();
    expect(localStorage.getItem('sermo.chat.log')).toBe('kept');
    storageEvent('sermo-chat', '9999999999999');
    expect(t.onConversation).toHaveBeenCalledTimes(1);
  });

  it('hears nothing after dispose', () => {
    const t = setup();
    t.handle();
    dispose?.();
    storageEvent('sermo.chat.log', 'x');
    storageEvent('sermo-chat', '1');
    expect(t.posted).toHaveLength(1);
    expect(t.onConversation).not.toHaveBeenCalled();
  });
});
