/** Agent image upload: seed 001 `POST /images?apiKey=`, answered with `Location: .../images/<id>`. */

export type UploadResult = { ok: true; imageId: string } | { ok: false; reason: string };

/** The broker's limit (DESIGN §6). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export async function uploadImage(
  file: Blob,
  apiKey: string,
  fetchImpl: typeof fetch = fetch,
  baseUrl = '.',
): Promise<UploadResult> {
  if (file.size > MAX_IMAGE_BYTES) return { ok: false, reason: 'The image is larger than 5 MB.' };
  if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return { ok: false, reason: 'Choose a PNG, JPEG, GIF or WebP image.' };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  try {
    const response = await fetchImpl(`${baseUrl}/images?apiKey=${encodeURIComponent(apiKey)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: btoa(binary) }),
    });
    const id = response.headers.get('location')?.split('/').filter(Boolean).at(-1);
    if (!response.ok || id === undefined) return { ok: false, reason: `The upload failed (HTTP ${response.status}).` };
    return { ok: true, imageId: decodeURIComponent(id) };
  } catch {
    return { ok: false, reason: 'The upload failed: the broker cannot be reached.' };
  }
}
