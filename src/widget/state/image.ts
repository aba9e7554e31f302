/**
 * Customer image upload (DESIGN §4, §6): checked here before any byte leaves the page, then
 * `POST <imagesUrl>/images` with `{"image": "<base64>"}` and `X-Sermo-User`, answered with the image id.
 */

import { MAX_FRAME_BYTES, MAX_SHORT_TEXT, parseJsonObject, readOptionalString } from '../../protocol/index.ts';

/** DESIGN §6: the broker refuses more than 5 MB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], offset = 0) =>
  prefix.every((b, i) => bytes[offset + i] === b);

/** The image type by magic bytes (the file name and the browser's MIME guess are not trusted), or null. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) {
    return 'image/gif';
  }
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/** Base64 without a data: prefix; chunked because String.fromCharCode(...5 MB) overflows the stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export type UploadResult = { ok: true; id: string } | { ok: false; reason: 'too_large' | 'bad_type' | 'upload_failed' };

export interface UploadOptions {
  fetch: typeof fetch;
  imagesUrl: string;
  userId: string;
  file: Blob;
}

/** The id of the stored image: `{id}` in the JSON body, else the last segment of `Location`. */
async function readImageId(response: Response): Promise<string | null> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = parseJsonObject(await response.text().catch(() => ''), MAX_FRAME_BYTES);
    const id = body.ok ? readOptionalString(body.value, 'id', MAX_SHORT_TEXT) : undefined;
    if (id) return id;
  }
  const location = response.headers.get('location');
  const match = location ? /\/images\/([^/?#]+)$/.exec(location) : null;
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null; // a malformed escape in Location: no usable id
  }
}

export async function uploadImage({ fetch, imagesUrl, userId, file }: UploadOptions): Promise<UploadResult> {
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (sniffImageType(bytes) === null) return { ok: false, reason: 'bad_type' };
  let response: Response;
  try {
    response = await fetch(`${imagesUrl.replace(/\/+$/, '')}/images`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sermo-User': userId },
      body: JSON.stringify({ image: toBase64(bytes) }),
    });
  } catch {
    return { ok: false, reason: 'upload_failed' }; // network error: the composer says so, nothing is sent
  }
  if (!response.ok) return { ok: false, reason: 'upload_failed' };
  const id = await readImageId(response);
  return id === null ? { ok: false, reason: 'upload_failed' } : { ok: true, id };
}
