import { describe, expect, it } from 'vitest';
import { isImage, readImageId, toBinary, uploadImage } from './images.ts';
import { MAX_IMAGE_BYTES } from './limits.ts';
import { SLOW_WORK_MS } from '../testing.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF = new TextEncoder().encode('GIF89a....');
const WEBP = new TextEncoder().encode('RIFF\u0010\u0000\u0000\u0000WEBPVP8 ');
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');

describe('isImage', () => {
  it.each([
    [PNG, true],
    [JPEG, true],
    [GIF, true],
    [WEBP, true],
    [SVG, false],
    [new Uint8Array([]), false],
    [new TextEncoder().encode('GIF87b'), false],
    [new TextEncoder().encode('RIFF\u0010\u0000\u0000\u0000WAVE'), false],
  ])('%#: %s', (bytes, image) => {
    expect(isImage(toBinary(bytes))).toBe(image);
  });
});

describe('toBinary', () => {
  it('converts large buffers, one character per byte', () => {
    const bytes = new Uint8Array(200_000).fill(65);
    expect(toBinary(bytes)).toBe('A'.repeat(200_000));
    expect(toBinary(PNG).charCodeAt(0)).toBe(0x89);
  });
});

describe('readImageId', () => {
  it.each([
    ['/images/abc', 'abc'],
    ['https://chat.example.com/images/abc', 'abc'],
    ['/images/x%2Dy', 'x-y'],
    ['/images/a%20b', 'a b'],
  ])('reads %s as %s', (location, id) => {
    expect(readImageId(location)).toBe(id);
  });

  it.each([[null], [''], ['/images/'], ['/images/abc/'], ['/images/abc?x=1'], ['/other/abc'], ['/images/%E0%A4%A']])(
    'finds no id in %s',
    (location) => {
      expect(readImageId(location)).toBeNull();
    },
  );
});

describe('uploadImage', () => {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fakeFetch =
    (response: Response): typeof fetch =>
    async (url, init) => {
      calls.push({ url: String(url), init });
      return response;
    };
  const created = (location: string) => new Response('{"id":"x"}', { status: 201, headers: { location } });

  it('posts base64 JSON with the given headers and reads the id from Location', async () => {
    calls.length = 0;
    const result = await uploadImage({
      fetch: fakeFetch(created('/images/abc')),
      url: 'https://chat.test/images?apiKey=k',
      headers: { 'X-Sermo-User': 'u1' },
      image: new Blob([PNG]),
    });
    expect(result).toEqual({ ok: true, id: 'abc' });
    expect(calls[0]?.url).toBe('https://chat.test/images?apiKey=k');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.headers).toEqual({ 'Content-Type': 'application/json', 'X-Sermo-User': 'u1' });
    expect(calls[0]?.init?.body).toBe(JSON.stringify({ image: btoa(toBinary(PNG)) }));
  });

  it('refuses a non-image and a too large image before uploading', async () => {
    calls.length = 0;
    const fetch = fakeFetch(created('/images/no'));
    expect(await uploadImage({ fetch, url: 'https://c.test/images', image: new Blob([SVG]) })).toEqual({ ok: false, reason: 'bad_type' });
    const big = new Blob([PNG, new Uint8Array(MAX_IMAGE_BYTES)]);
    expect(await uploadImage({ fetch, url: 'https://c.test/images', image: big })).toEqual({ ok: false, reason: 'too_large' });
    expect(calls).toHaveLength(0);
  });

  it('accepts an image of exactly MAX_IMAGE_BYTES', async () => {
    const image = new Blob([PNG, new Uint8Array(MAX_IMAGE_BYTES - PNG.length)]);
    expect(await uploadImage({ fetch: fakeFetch(created('/images/big')), url: 'https://c.test/images', image })).toEqual({ ok: true, id: 'big' });
  }, SLOW_WORK_MS);

  it('reports a refused upload with its status, a failed network, and an answer without an id', async () => {
    const image = new Blob([PNG]);
    const url = 'https://c.test/images';
    expect(await uploadImage({ fetch: fakeFetch(new Response('nope', { status: 413 })), url, image })).toEqual({
      ok: false,
      reason: 'upload_failed',
      status: 413,
    });
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await uploadImage({ fetch: offline, url, image })).toEqual({ ok: false, reason: 'upload_failed' });
    const noId = fakeFetch(new Response('{}', { status: 201 }));
    expect(await uploadImage({ fetch: noId, url, image })).toEqual({ ok: false, reason: 'upload_failed', status: 201 });
    const badId = fakeFetch(created('/images/%E0%A4%A'));
    expect(await uploadImage({ fetch: badId, url, image })).toEqual({ ok: false, reason: 'upload_failed', status: 201 });
  });
});
