import { describe, expect, it } from 'vitest';
import { createStore } from './storage.ts';
import { createMemoryStorage } from './memory-storage.ts';

describe('createStore', () => {
  it('reads and writes through the storage', () => {
    const storage = createMemoryStorage();
    const store = createStore(() => storage);
    store.set('a', '1');
    expect(storage.getItem('a')).toBe('1');
    expect(store.get('a')).toBe('1');
    store.remove('a');
    expect(store.get('a')).toBeNull();
  });

  it('falls back to memory when reaching storage throws', () => {
    const store = createStore(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    store.set('a', '1');
    expect(store.get('a')).toBe('1');
  });

  it('keeps a value in memory when the quota is full', () => {
    const storage = createMemoryStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const store = createStore(() => storage);
    store.set('a', '1');
    expect(store.get('a')).toBe('1');
  });
});
