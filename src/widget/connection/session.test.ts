import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from './memory-storage.ts';
import { createSession } from './session.ts';
import { createStore } from './storage.ts';

const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};

describe('createSession', () => {
  it('makes a userId for a new conversation and keeps it across a reload', () => {
    const store = createStore(() => createMemoryStorage());
    const first = createSession(store, ids());
    expect(first.userId).toBe('id-1');
    expect(first.isNew).toBe(true);
    first.markAcking();
    const reloaded = createSession(store, () => 'never');
    expect(reloaded.userId).toBe('id-1');
    expect(reloaded.isNew).toBe(false);
    expect(reloaded.acking()).toBe(true);
  });

  it('renew() starts a new conversation with a new id and forgets the acks', () => {
    const store = createStore(() => createMemoryStorage());
    const session = createSession(store, ids());
    session.markAcking();
    session.renew();
    expect(session.userId).toBe('id-2');
    expect(session.acking()).toBe(false);
    expect(createSession(store, () => 'never').userId).toBe('id-2');
  });

  it('replaces a stored userId that is not id-shaped', () => {
    const storage = createMemoryStorage();
    storage.setItem('sermo.chat.userId', '<script>');
    const session = createSession(createStore(() => storage), ids());
    expect(session.userId).toBe('id-1');
    expect(session.isNew).toBe(true);
  });

  it('forget() removes the conversation from storage', () => {
    const store = createStore(() => createMemoryStorage());
    const session = createSession(store, ids());
    session.markAcking();
    session.forget();
    const next = createSession(store, () => 'fresh');
    expect(next.userId).toBe('fresh');
    expect(next.isNew).toBe(true);
    expect(next.acking()).toBe(false);
  });
});
