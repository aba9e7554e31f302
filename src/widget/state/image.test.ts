import { describe, expect, it } from 'vitest';
import { uploadImage } from './image.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('uploadImage (the customer’s)', () => {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fakeFetch =
    (response: Response): typeof fetch =>
    async (url, init) => {
      calls.push({ url: String(url), init });
      return response;
    };

  it('posts to <imagesUrl>/images with X-Sermo-User and reads the id from Location', async () => {
    calls.length = 0;
    const result = await uploadImage({
      fetch: fakeFetch(new Response('{"id":"abc"}', { status: 201, headers: { location: '/images/abc' } })),
      imagesUrl: 'https://chat.test/',
      userId: 'u1',
      file: new Blob([PNG]),
    });
    expect(result).toEqual({ ok: true, id: 'abc' });
    expect(calls[0]?.url).toBe('https://chat.test/images');
    expect(calls[0]?.init?.headers).toMatchObject({ 'X-Sermo-User': 'u1' });
  });

  it('reports a refused upload as upload_failed', async () => {
    const result = await uploadImage({
      fetch: fakeFetch(new Response('nope', { status: 413 })),
      imagesUrl: 'https://chat.test',
      userId: 'u1',
      file: new Blob([PNG]),
    });
    expect(result).toMatchObject({ ok: false, reason: 'upload_failed' });
  });
});
