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
    expect(store.set('a', '1')).toBe(false);
    expect(store.get('a')).toBe('1');
  });

  it('asks the evictor to make room when the quota is full, and keeps trying while it can', () => {
    const storage = createMemoryStorage(20);
    const store = createStore(() => storage);
    store.set('old1', '12345');
    store.set('old2', '12345');
    const evicted: string[] = [];
    store.evictor = () => {
      const key = ['old1', 'old2'].find((k) => storage.getItem(k) !== null);
      if (key === undefined) return false;
      evicted.push(key);
      storage.removeItem(key);
      return true;
    };
    expect(store.set('new', '1234567890')).toBe(true);
    expect(evicted).toEqual(['old1', 'old2']);
    expect(storage.getItem('new')).toBe('1234567890');
    // Nothing left to give way: the value lives in memory for this page.
    expect(store.set('huge', 'x'.repeat(30))).toBe(false);
    expect(store.get('huge')).toBe('x'.repeat(30));
    expect(storage.getItem('huge')).toBeNull();
  });
});
