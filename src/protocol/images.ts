/**
 * Image uploads (seed 001 "Broker endpoint", DESIGN §6): what the broker accepts, the request, and the image
 * id in the answer's `Location`. The one uploader of the widget (`X-Sermo-User`), the agent console and the
 * demo bot (`?apiKey=`). `fetch` comes in as an argument: this module stays pure.
 *
 * Imported on its own, not through index.ts: the widget loads it only when the customer attaches an image,
 * as a chunk of its own (DESIGN §8).
 */
import { MAX_IMAGE_BYTES } from './limits.ts';

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

/** DESIGN §6: the broker answers `201` with `Location: /images/<id>` (a full URL ending so is fine too); null without an id. */
export function readImageId(location: string | null): string | null {
  const match = /\/images\/([^/?#]+)$/.exec(location ?? '');
  try {
    return match?.[1] ? decodeURIComponent(match[1]) : null;
  } catch {
    return null; // a malformed escape: no usable id
  }
}

export type UploadResult =
  | { ok: true; id: string }
  /** `status`: the broker's answer, when there was one (absent when the network failed). */
  | { ok: false; reason: 'too_large' | 'bad_type' | 'upload_failed'; status?: number };

export interface UploadRequest {
  fetch: typeof fetch;
  /** The endpoint: `<imagesUrl>/images` for a customer, `<broker>/images?apiKey=KEY` for an application. */
  url: string;
  /** `X-Sermo-User` for a customer; nothing more for an application. */
  headers?: Record<string, string>;
  image: Blob;
}

/** Checks the image (size, then magic bytes) before any byte leaves, then posts `{"image": "<base64>"}`. */
export async function uploadImage({ fetch, url, headers, image }: UploadRequest): Promise<UploadResult> {
  if (image.size > MAX_IMAGE_BYTES) return { ok: false, reason: 'too_large' };
  const binary = toBinary(new Uint8Array(await image.arrayBuffer()));
  if (!isImage(binary)) return { ok: false, reason: 'bad_type' };
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ image: btoa(binary) }),
    });
  } catch {
    return { ok: false, reason: 'upload_failed' }; // the network failed: nothing was sent
  }
  const id = response.ok ? readImageId(response.headers.get('location')) : null;
  return id === null ? { ok: false, reason: 'upload_failed', status: response.status } : { ok: true, id };
}
