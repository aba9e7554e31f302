import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES, isImage, toBinary, uploadImage } from './image.ts';

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

describe('uploadImage', () => {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fakeFetch =
    (response: Response): typeof fetch =>
    async (url, init) => {
      calls.push({ url: String(url), init });
      return response;
    };

  it('posts base64 JSON with X-Sermo-User and reads the id from Location', async () => {
    calls.length = 0;
    const result = await uploadImage({
      fetch: fakeFetch(new Response('{"id":"abc"}', { status: 201, headers: { 'content-type': 'application/json', location: '/images/abc' } })),
      imagesUrl: 'https://chat.test/',
      userId: 'u1',
      file: new Blob([PNG]),
    });
    expect(result).toEqual({ ok: true, id: 'abc' });
    expect(calls[0]?.url).toBe('https://chat.test/images');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.headers).toMatchObject({ 'X-Sermo-User': 'u1' });
    expect(calls[0]?.init?.body).toBe(JSON.stringify({ image: btoa(toBinary(PNG)) }));
  });

  it('reads an escaped id from Location', async () => {
    const result = await uploadImage({
      fetch: fakeFetch(new Response(null, { status: 201, headers: { location: '/images/x%2Dy' } })),
      imagesUrl: 'https://chat.test',
      userId: 'u1',
      file: new Blob([JPEG]),
    });
    expect(result).toEqual({ ok: true, id: 'x-y' });
  });

  it('refuses a non-image and a too large file before uploading', async () => {
    calls.length = 0;
    const fetch = fakeFetch(new Response('{"id":"no"}'));
    expect(await uploadImage({ fetch, imagesUrl: 'https://c.test', userId: 'u', file: new Blob([SVG]) })).toEqual({
      ok: false,
      reason: 'bad_type',
    });
    const big = new Blob([PNG, new Uint8Array(MAX_IMAGE_BYTES)]);
    expect(await uploadImage({ fetch, imagesUrl: 'https://c.test', userId: 'u', file: big })).toEqual({
      ok: false,
      reason: 'too_large',
    });
    expect(calls).toHaveLength(0);
  });

  it('reports a refused or failed upload', async () => {
    const refused = fakeFetch(new Response('nope', { status: 413 }));
    expect(await uploadImage({ fetch: refused, imagesUrl: 'https://c.test', userId: 'u', file: new Blob([PNG]) })).toEqual({
      ok: false,
      reason: 'upload_failed',
    });
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await uploadImage({ fetch: offline, imagesUrl: 'https://c.test', userId: 'u', file: new Blob([PNG]) })).toEqual({
      ok: false,
      reason: 'upload_failed',
    });
    const noId = fakeFetch(new Response('{}', { status: 201, headers: { 'content-type': 'application/json' } }));
    expect(await uploadImage({ fetch: noId, imagesUrl: 'https://c.test', userId: 'u', file: new Blob([PNG]) })).toEqual({
      ok: false,
      reason: 'upload_failed',
    });
  });
});
