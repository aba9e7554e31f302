/**
 * Customer image upload (DESIGN §4, §6): the protocol's uploader, posting to `<imagesUrl>/images` with
 * `X-Sermo-User`. A chunk of its own (`images`), with the uploader: chat.ts loads it on the first attach, not
 * with the iframe's first load (DESIGN §8).
 */
import { uploadImage as upload, type UploadResult } from '../../protocol/images.ts';

export interface UploadOptions {
  /** Default: the browser's. */
  fetch?: typeof fetch | undefined;
  imagesUrl: string;
  userId: string;
  file: Blob;
}

export function uploadImage({ fetch: post = fetch, imagesUrl, userId, file }: UploadOptions): Promise<UploadResult> {
  return upload({ fetch: post, url: `${imagesUrl.replace(/\/+$/, '')}/images`, headers: { 'X-Sermo-User': userId }, image: file });
}
