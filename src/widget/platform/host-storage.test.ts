// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openHostStorage } from './host-storage.ts';

const HOST = 'http://localhost:8080';

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

/** A window whose parent (the host page) records what is posted to it, and answers as the loader would. */
async function open(stored: [string, string][] = []) {
  const parent = { postMessage: vi.fn() };
  const win = Object.assign(new EventTarget(), { parent }) as unknown as Window;
  const opening = openHostStorage(win, HOST);
  win.dispatchEvent(new MessageEvent('message', { data: { sermo: 1, kind: 'stored', entries: stored }, origin: HOST, source: parent as unknown as Window }));
  const shared = await opening;
  dispose = shared.dispose;
  return { parent, storage: shared.storage! };
}

describe('openHostStorage (the iframe side)', () => {
  it('reads the copy it was sent', async () => {
    const { storage } = await open([['sermo.chat.outbox', 'entry']]);
    expect(storage.getItem('sermo.chat.outbox')).toBe('entry');
  });

  // The outbox entry of a text typed just before the host page reloads exists nowhere else: a write posted in
  // a later task can miss the page (`CHAOS_EMBED=script` in e2e/chaos.spec.ts loses texts then).
  it('posts each write and removal to the host page before returning, in order', async () => {
    const { parent, storage } = await open();
    parent.postMessage.mockClear();
    storage.setItem('sermo.chat.outbox', 'one');
    storage.removeItem('sermo.chat.outbox');
    expect(parent.postMessage.mock.calls).toEqual([
      [{ sermo: 1, kind: 'store', key: 'sermo.chat.outbox', value: 'one' }, HOST],
      [{ sermo: 1, kind: 'store', key: 'sermo.chat.outbox', value: undefined }, HOST],
    ]);
    expect(storage.getItem('sermo.chat.outbox')).toBeNull();
  });
});
