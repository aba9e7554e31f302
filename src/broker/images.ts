/**
 * Image uploads (seed 001 "Broker endpoint", DESIGN §6): decoding the posted base64, recognising the
 * format by its magic bytes (never by what the client claims), and an in-memory store with a total
 * byte cap and a maximum age, where an owner's own oldest images make room for its new ones. Images do not
 * survive a restart; a deployment that needs that puts a real object store behind the same two endpoints.
 */

import { randomBytes } from 'node:crypto';

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface StoredImage {
  type: ImageType;
  bytes: Buffer;
}

/** The format by magic bytes: PNG, JPEG, GIF or WebP; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (offset: number, signature: readonly number[]) =>
    signature.every((byte, i) => bytes[offset + i] === byte);
  if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts(0, ascii('GIF87a')) || starts(0, ascii('GIF89a'))) return 'image/gif';
  if (starts(0, ascii('RIFF')) && starts(8, ascii('WEBP'))) return 'image/webp';
  return null;
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

export type DecodeResult = { ok: true; image: StoredImage } | { ok: false; status: 400 | 413 | 415; reason: string };

const DATA_URL = /^data:([a-z0-9.+/-]*)(;[a-z0-9=.+-]+)*;base64,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes the `image` field of an upload: plain base64 or a `data:...;base64,` URL. A data URL's
 * declared type is ignored; the bytes decide.
 */
export function decodeImage(image: string, maxBytes: number): DecodeResult {
  const base64 = image.replace(DATA_URL, '').replace(/\s+/g, '');
  if (base64 === '' || base64.length % 4 === 1 || !BASE64.test(base64)) {
    return { ok: false, status: 400, reason: 'image is not base64 or a base64 data URL' };
  }
  // Checked before decoding, so an oversized upload costs no buffer.
  if (Math.floor((base64.length * 3) / 4) - padding(base64) > maxBytes) {
    return { ok: false, status: 413, reason: `image is larger than ${maxBytes} bytes` };
  }
  const bytes = Buffer.from(base64, 'base64');
  const type = sniffImageType(bytes);
  if (type === null) return { ok: false, status: 415, reason: 'image must be PNG, JPEG, GIF or WebP' };
  return { ok: true, image: { type, bytes } };
}

function padding(base64: string): number {
  return base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
}

interface Entry extends StoredImage {
  owner: string;
  at: number;
}

/**
 * Images in memory, at most `capacityBytes` together and none older than `maxAgeMs` (DESIGN §6.2). Each
 * image has an owner (a conversation, or an application); to make room, `add` evicts only the adding owner's
 * own oldest images, so no conversation can push out another's. When that is not enough, it refuses.
 */
export class ImageStore {
  /** Insertion order = age: the first entry is the oldest. */
  private readonly images = new Map<string, Entry>();
  /** Each owner's image ids, oldest first, and their bytes together. */
  private readonly byOwner = new Map<string, { ids: Set<string>; bytes: number }>();
  private totalBytes = 0;

  constructor(
    private readonly capacityBytes: number,
    private readonly maxAgeMs: number = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores an image for `owner` and returns its new id (unguessable: ids are the only access control on
   * reads), or null when it does not fit even after evicting the owner's own images.
   */
  add(owner: string, image: StoredImage): string | null {
    this.expire();
    const size = image.bytes.length;
    const own = this.byOwner.get(owner);
    if (size > this.capacityBytes - this.totalBytes + (own?.bytes ?? 0)) return null;
    while (this.totalBytes + size > this.capacityBytes && own !== undefined) {
      const oldest = own.ids.values().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    const id = randomBytes(16).toString('base64url');
    this.images.set(id, { ...image, owner, at: this.now() });
    let mine = this.byOwner.get(owner);
    if (mine === undefined) this.byOwner.set(owner, (mine = { ids: new Set(), bytes: 0 }));
    mine.ids.add(id);
    mine.bytes += size;
    this.totalBytes += size;
    return id;
  }

  get(id: string): StoredImage | undefined {
    this.expire();
    return this.images.get(id);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Drops images older than the maximum age (the oldest are first). */
  expire(): void {
    const cutoff = this.now() - this.maxAgeMs;
    for (const [id, entry] of this.images) {
      if (entry.at >= cutoff) return;
      this.delete(id);
    }
  }

  private delete(id: string): void {
    const entry = this.images.get(id);
    if (entry === undefined) return;
    this.images.delete(id);
    this.totalBytes -= entry.bytes.length;
    const mine = this.byOwner.get(entry.owner);
    if (mine === undefined) return;
    mine.ids.delete(id);
    mine.bytes -= entry.bytes.length;
    if (mine.ids.size === 0) this.byOwner.delete(entry.owner);
  }
}
