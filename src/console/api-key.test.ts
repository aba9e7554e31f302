import { describe, expect, it, vi } from 'vitest';
import { findApiKey, STORAGE_KEY, type KeySources } from './api-key.ts';

function sources(hash: string, hostname: string, stored: string | null = null, devKey: string | null = null) {
  const storage = new Map<string, string>(stored === null ? [] : [[STORAGE_KEY, stored]]);
  const fetch = vi.fn(async () => ({ ok: devKey !== null, text: async () => devKey ?? '' }));
  const s: KeySources = {
    location: { hash, hostname },
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    fetch,
  };
  return { s, storage, fetch };
}

describe('findApiKey', () => {
  it('takes the key from the #apiKey= link and keeps it for the tab', async () => {
    const { s, storage } = sources('#apiKey=dev-abc123', 'example.com');
    expect(await findApiKey(s)).toEqual({ key: 'dev-abc123', from: 'link' });
    expect(storage.get(STORAGE_KEY)).toBe('dev-abc123');
  });

  it('reuses the key stored in this tab', async () => {
    const { s, fetch } = sources('', 'localhost', 'dev-stored');
    expect(await findApiKey(s)).toEqual({ key: 'dev-stored', from: 'session' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks the dev endpoint on a loopback host', async () => {
    const { s, fetch } = sources('', '127.0.0.1', null, 'dev-from-broker\n');
    expect(await findApiKey(s)).toEqual({ key: 'dev-from-broker', from: 'dev-endpoint' });
    expect(fetch).toHaveBeenCalledWith('./dev-api-key', { cache: 'no-store', credentials: 'omit' });
  });

  it('never asks the dev endpoint on any other host', async () => {
    const { s, fetch } = sources('', 'support.example.com', null, 'dev-from-broker');
    expect(await findApiKey(s)).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('finds nothing when the endpoint is missing or answers garbage', async () => {
    expect(await findApiKey(sources('', 'localhost').s)).toBeNull();
    expect(await findApiKey(sources('', 'localhost', null, '<html>not a key</html>').s)).toBeNull();
  });
});
