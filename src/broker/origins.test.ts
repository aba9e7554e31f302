import { describe, expect, it } from 'vitest';
import { isOriginAllowed, parseAllowedOrigins } from './origins.ts';

describe('parseAllowedOrigins', () => {
  it('reads a comma list, a star, or nothing (dev default)', () => {
    expect(parseAllowedOrigins('https://a.example, https://B.example/')).toEqual(['https://a.example', 'https://b.example']);
    expect(parseAllowedOrigins(' * ')).toBe('*');
    expect(parseAllowedOrigins(undefined)).toBeUndefined();
    expect(parseAllowedOrigins('')).toBeUndefined();
  });
});

describe('isOriginAllowed', () => {
  it('allows localhost and 127.0.0.1 on any port by default, over http only', () => {
    expect(isOriginAllowed('http://localhost:5173', undefined)).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:41234', undefined)).toBe(true);
    expect(isOriginAllowed('http://localhost', undefined)).toBe(true);
    expect(isOriginAllowed('https://localhost:5173', undefined)).toBe(false);
    expect(isOriginAllowed('http://localhost.evil.example', undefined)).toBe(false);
    expect(isOriginAllowed('http://evil.example', undefined)).toBe(false);
  });

  it('refuses a missing, empty or opaque origin unless the list is a star', () => {
    for (const origin of [undefined, '', 'null']) {
      expect(isOriginAllowed(origin, undefined)).toBe(false);
      expect(isOriginAllowed(origin, ['https://a.example'])).toBe(false);
      expect(isOriginAllowed(origin, '*')).toBe(true);
    }
  });

  it('allows exactly the listed origins', () => {
    const list = parseAllowedOrigins('https://shop.example');
    expect(isOriginAllowed('https://shop.example', list)).toBe(true);
    expect(isOriginAllowed('https://SHOP.example', list)).toBe(true);
    expect(isOriginAllowed('http://shop.example', list)).toBe(false);
    expect(isOriginAllowed('https://shop.example:8443', list)).toBe(false);
    expect(isOriginAllowed('http://localhost:5173', list)).toBe(false);
  });
});
