/**
 * Customer image upload (DESIGN §4, §6): checked here before any byte leaves the page, then
 * `POST <imagesUrl>/images` with `{"image": "<base64>"}` and `X-Sermo-User`, answered with the image's URL.
 */

/** DESIGN §6: the broker refuses more than 5 MB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/**
 * PNG, JPEG, GIF or WebP (DESIGN §6: what the broker accepts) by the magic bytes at the start of `binary`, one
 * character per byte: the file name and the browser's MIME guess are not trusted.
 */
const IMAGE_MAGIC = /^(?:\x89PNG\r\n\x1a\n|\xff\xd8\xff|GIF8[79]a|RIFF[^]{4}WEBP)/;

export const isImage = (binary: string): boolean => IMAGE_MAGIC.test(binary);

/** The bytes as a string of one character per byte (for btoa); chunked because String.fromCharCode(...5 MB) overflows the stack. */
export function toBinary(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return binary;
}

export type UploadResult = { ok: true; id: string } | { ok: false; reason: 'too_large' | 'bad_type' | 'upload_failed' };

export interface UploadOptions {
  fetch: typeof fetch;
  imagesUrl: string;
  userId: string;
  file: Blob;
}

/** DESIGN §6: the broker answers `201` with `Location: /images/<id>`. */
function readImageId(response: Response): string | null {
  const match = /\/images\/([^/?#]+)$/.exec(response.headers.get('location') ?? '');
  try {
    return match?.[1] ? decodeURIComponent(match[1]) : null;
  } catch {
    return null; // a malformed escape in Location: no usable id
  }
}

export async function uploadImage({ fetch, imagesUrl, userId, file }: UploadOptions): Promise<UploadResult> {
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
  const binary = toBinary(new Uint8Array(await file.arrayBuffer()));
  if (!isImage(binary)) return { ok: false, reason: 'bad_type' };
  let response: Response;
  try {
    response = await fetch(`${imagesUrl.replace(/\/+$/, '')}/images`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Sermo-User': userId },
      body: JSON.stringify({ image: btoa(binary) }),
    });
  } catch {
    return { ok: false, reason: 'upload_failed' }; // network error: the composer says so, nothing is sent
  }
  if (!response.ok) return { ok: false, reason: 'upload_failed' };
  const id = readImageId(response);
  return id === null ? { ok: false, reason: 'upload_failed' } : { ok: true, id };
}
