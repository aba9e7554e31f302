import { describe, expect, it } from 'vitest';
import { findApiKey, rememberApiKey, STORAGE_KEY, type KeySources } from './api-key.ts';

function sources(hash: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [[STORAGE_KEY, stored]]);
  const s: KeySources = {
    location: { hash },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
  };
  return { s, storage };
}

describe('findApiKey', () => {
  it('takes the key from the #key= link npm start prints, and keeps it for the tab', () => {
    const { s, storage } = sources('#key=dev-abc123');
    expect(findApiKey(s)).toEqual({ key: 'dev-abc123', from: 'link' });
    expect(storage.get(STORAGE_KEY)).toBe('dev-abc123');
  });

  it("reuses the key kept in this tab's sessionStorage", () => {
    expect(findApiKey(sources('', 'dev-stored').s)).toEqual({ key: 'dev-stored', from: 'session' });
  });

  it('finds none otherwise, so the console asks for it', () => {
    expect(findApiKey(sources('').s)).toBeNull();
    expect(findApiKey(sources('#key=').s)).toBeNull();
    expect(findApiKey(sources('#key=has space').s)).toBeNull();
  });

  it('keeps a typed key for the tab', () => {
    const { s, storage } = sources('');
    rememberApiKey(s.storage, 'typed-key');
    expect(storage.get(STORAGE_KEY)).toBe('typed-key');
    expect(findApiKey(s)).toEqual({ key: 'typed-key', from: 'session' });
  });
});
