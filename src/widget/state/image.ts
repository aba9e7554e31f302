/**
 * Customer image upload (DESIGN §4, §6): the protocol's uploader, posting to `<imagesUrl>/images` with
 * `X-Sermo-User`. It comes in a chunk of its own on the first attach, not in the iframe's first load (DESIGN
 * §8); a chunk that cannot load (offline) is an upload that failed, and the next attach tries again.
 */
import type { UploadResult } from '../../protocol/images.ts';

export interface UploadOptions {
  fetch: typeof fetch;
  imagesUrl: string;
  userId: string;
  file: Blob;
}

export async function uploadImage({ fetch, imagesUrl, userId, file }: UploadOptions): Promise<UploadResult> {
  let images: typeof import('../../protocol/images.ts');
  try {
    images = await import('../../protocol/images.ts');
  } catch {
    return { ok: false, reason: 'upload_failed' };
  }
  return images.uploadImage({ fetch, url: `${imagesUrl.replace(/\/+$/, '')}/images`, headers: { 'X-Sermo-User': userId }, image: file });
}
