import { describe, expect, it } from 'vitest';
import { readHostOrigin, readIframeConfig } from './config.ts';
import { readQuery } from './query.ts';

const env = { languages: ['sv-SE', 'en'], isColor: (v: string) => v === '#c00' };
const broker = `broker=${encodeURIComponent('wss://chat.example.com/ws')}`;

describe('readIframeConfig', () => {
  it('forwards every non-config query parameter as a start param', () => {
    const result = readIframeConfig(`?${broker}&queue=billing&locale=en&topic=a%20b`, '', env);
    expect(result).toMatchObject({ ok: true, value: { startParams: { queue: 'billing', topic: 'a b' } } });
    expect(result.ok && result.value.config.locale).toBe('en');
    expect(result.ok && 'hostOrigin' in result.value).toBe(false);
  });

  it('takes the default locale from the browser languages', () => {
    const result = readIframeConfig(`?${broker}`, '', env);
    expect(result.ok && result.value.config.locale).toBe('sv');
  });

  it('refuses a bad value with a message naming the key', () => {
    const result = readIframeConfig(`?${broker}&accent=red;x`, '', env);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('"accent"') });
  });

  it('refuses a missing broker', () => {
    expect(readIframeConfig('?queue=x', '', env)).toEqual({ ok: false, error: expect.stringContaining('"broker"') });
  });

  it('reads the host origin from the hash', () => {
    const result = readIframeConfig(`?${broker}`, `#host=${encodeURIComponent('https://shop.example')}`, env);
    expect(result.ok && result.value.hostOrigin).toBe('https://shop.example');
  });
});

describe('readHostOrigin', () => {
  it.each([
    ['#host=http%3A%2F%2Flocalhost%3A8080', 'http://localhost:8080'],
    ['#host=https%3A%2F%2Fshop.example', 'https://shop.example'],
    ['#host=https%3A%2F%2Fshop.example%2Fpath', undefined],
    ['#host=null', undefined],
    ['#host=javascript%3Aalert(1)', undefined],
    ['#other=1', undefined],
    ['', undefined],
  ])('%j -> %j', (hash, origin) => {
    expect(readHostOrigin(hash)).toBe(origin);
  });
});

// DESIGN §6.2: broker and imagesUrl from the query only if on the build-time list (SERMO_WIDGET_BROKERS).
describe('readIframeConfig with a list of brokers', () => {
  const listed = { ...env, brokers: ['https://chat.example.com'] };

  it('connects to a broker on the list, with its own image endpoint or another listed one', () => {
    const result = readIframeConfig(`?${broker}`, '', listed);
    expect(result.ok && result.value.config.broker).toBe('wss://chat.example.com/ws');
    const images = readIframeConfig(`?${broker}&imagesUrl=${encodeURIComponent('https://chat.example.com/img')}`, '', listed);
    expect(images.ok).toBe(true);
  });

  it('refuses a broker not on the list, naming the key', () => {
    const result = readIframeConfig(`?broker=${encodeURIComponent('wss://evil.example/ws')}&queue=x`, '', listed);
    expect(result).toEqual({
      ok: false,
      error: 'Sermo chat: invalid config "broker": expected a broker this widget was built for (SERMO_WIDGET_BROKERS), got "wss://evil.example/ws"',
    });
  });

  it('refuses an image endpoint not on the list', () => {
    const result = readIframeConfig(`?${broker}&imagesUrl=${encodeURIComponent('https://evil.example/images')}`, '', listed);
    expect(result).toEqual({
      ok: false,
      error: 'Sermo chat: invalid config "imagesUrl": expected an image endpoint this widget was built for (SERMO_WIDGET_BROKERS), got "https://evil.example/images"',
    });
  });

  it('takes any broker without a list', () => {
    expect(readIframeConfig(`?broker=${encodeURIComponent('wss://anywhere.example/ws')}`, '', env).ok).toBe(true);
  });
});

describe('readQuery', () => {
  it('gives a refusal the locale asked for, so the panel that says so speaks it', () => {
    expect(readQuery('?locale=sv&accent=red;x', '', env)).toMatchObject({ ok: false, key: 'broker', locale: 'sv' });
    expect(readQuery(`?${broker}&locale=sv&heartbeatMs=1`, '', env)).toMatchObject({ ok: false, key: 'heartbeatMs', locale: 'sv' });
    const unlisted = readQuery(`?broker=${encodeURIComponent('wss://evil.example/ws')}&locale=sv`, '', { ...env, brokers: ['https://chat.example.com'] });
    expect(unlisted).toMatchObject({ ok: false, key: 'broker', unlisted: true, locale: 'sv' });
    expect(readQuery('?queue=x', '', env)).toMatchObject({ ok: false, key: 'broker', locale: undefined });
  });
});
