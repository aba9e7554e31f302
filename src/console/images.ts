/** Agent image upload: the protocol's uploader on seed 001 `POST /images?apiKey=`, its refusals in words. */
import { uploadImage as upload } from '../protocol/images.ts';
import { MAX_IMAGE_BYTES } from '../protocol/index.ts';

export type UploadResult = { ok: true; imageId: string } | { ok: false; reason: string };

export async function uploadImage(file: Blob, apiKey: string, fetchImpl: typeof fetch = fetch, baseUrl = '.'): Promise<UploadResult> {
  const result = await upload({ fetch: fetchImpl, url: `${baseUrl}/images?apiKey=${encodeURIComponent(apiKey)}`, image: file });
  if (result.ok) return { ok: true, imageId: result.id };
  switch (result.reason) {
    case 'too_large':
      return { ok: false, reason: `The image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB.` };
    case 'bad_type':
      return { ok: false, reason: 'Choose a PNG, JPEG, GIF or WebP image.' };
    case 'upload_failed':
      return {
        ok: false,
        reason: result.status === undefined ? 'The upload failed: the broker cannot be reached.' : `The upload failed (HTTP ${result.status}).`,
      };
  }
}
