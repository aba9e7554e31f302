import { describe, expect, it } from 'vitest';
import { uploadImage } from './images.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** A fetch that answers `response` and keeps the request it got. */
function answering(response: Response) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = async (url, init) => {
    requests.push(new Request(url, init));
    return response;
  };
  return { fetch, requests };
}

describe('uploadImage (the customer’s)', () => {
  it('posts to <imagesUrl>/images with X-Sermo-User and reads the id from Location', async () => {
    const { fetch, requests } = answering(new Response(null, { status: 201, headers: { location: '/images/abc' } }));
    const result = await uploadImage({ fetch, imagesUrl: 'https://chat.test/', userId: 'u1', file: new Blob([PNG]) });
    expect(result).toEqual({ ok: true, id: 'abc' });
    expect(requests.map((r) => [r.method, r.url, r.headers.get('x-sermo-user')])).toEqual([['POST', 'https://chat.test/images', 'u1']]);
  });

  it('reports a refused upload as upload_failed', async () => {
    const { fetch } = answering(new Response('nope', { status: 413 }));
    const result = await uploadImage({ fetch, imagesUrl: 'https://chat.test', userId: 'u1', file: new Blob([PNG]) });
    expect(result).toMatchObject({ ok: false, reason: 'upload_failed' });
  });
});
