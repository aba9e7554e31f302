import { afterEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from './uuid.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('randomUUID', () => {
  it('makes a v4 UUID', () => {
    expect(randomUUID()).toMatch(V4);
  });

  it('makes a v4 UUID without crypto.randomUUID (insecure context)', () => {
    const getRandomValues = crypto.getRandomValues.bind(crypto);
    vi.stubGlobal('crypto', { getRandomValues });
    const a = randomUUID();
    expect(a).toMatch(V4);
    expect(randomUUID()).not.toBe(a);
  });
});
