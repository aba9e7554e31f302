import { describe, expect, it } from 'vitest';
import { decodeImage, ImageStore, sniffImageType } from './images.ts';

const bytes = (...values: (number | string)[]) =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

describe('sniffImageType', () => {
  it('recognises PNG, JPEG, GIF and WebP by magic bytes', () => {
    expect(sniffImageType(bytes(0x89, 'PNG\r\n', 0x1a, '\n', 0))).toBe('image/png');
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(bytes('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses anything else, including look-alikes', () => {
    expect(sniffImageType(bytes('<svg'))).toBeNull();
    expect(sniffImageType(bytes('RIFF', 0, 0, 0, 0, 'WAVE'))).toBeNull();
    expect(sniffImageType(bytes(0x89, 'PNG'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});

describe('decodeImage', () => {
  const gif = bytes('GIF89a', 1, 0, 1, 0);

  it('reads plain base64 and data URLs', () => {
    expect(decodeImage(gif.toString('base64'), 100)).toMatchObject({ ok: true, image: { type: 'image/gif' } });
    expect(decodeImage(`data:image/gif;base64,${gif.toString('base64')}`, 100)).toMatchObject({ ok: true });
  });

  it('refuses what is not base64 (400), too large (413) or not an image (415)', () => {
    expect(decodeImage('not base64!', 100)).toMatchObject({ ok: false, status: 400 });
    expect(decodeImage('', 100)).toMatchObject({ ok: false, status: 400 });
    expect(decodeImage(gif.toString('base64'), gif.length - 1)).toMatchObject({ ok: false, status: 413 });
    expect(decodeImage(gif.toString('base64'), gif.length)).toMatchObject({ ok: true });
    expect(decodeImage(Buffer.from('hello world').toString('base64'), 100)).toMatchObject({ ok: false, status: 415 });
  });
});

describe('ImageStore', () => {
  const image = (n: number) => ({ type: 'image/png' as const, bytes: Buffer.alloc(n) });

  it("evicts the adding owner's own oldest images to make room, never another owner's", () => {
    const store = new ImageStore(10);
    const theirs = store.add('quiet', image(2))!;
    const first = store.add('noisy', image(4))!;
    const second = store.add('noisy', image(4))!;
    const third = store.add('noisy', image(4));
    expect(third).not.toBeNull();
    expect(store.get(first)).toBeUndefined();
    expect(store.get(second)).toBeDefined();
    expect(store.get(theirs)).toBeDefined();
    expect(store.bytes).toBe(10);
  });

  it('refuses an image that fits only by evicting others', () => {
    const store = new ImageStore(10);
    const theirs = store.add('quiet', image(6))!;
    expect(store.add('late', image(5))).toBeNull();
    expect(store.add('late', image(11))).toBeNull();
    expect(store.get(theirs)).toBeDefined();
    expect(store.add('late', image(4))).not.toBeNull();
  });

  it('forgets images older than the maximum age', () => {
    let clock = 0;
    const store = new ImageStore(100, 1_000, () => clock);
    const old = store.add('a', image(10))!;
    clock = 600;
    const young = store.add('b', image(10))!;
    clock = 1_001;
    expect(store.get(old)).toBeUndefined();
    expect(store.get(young)).toBeDefined();
    expect(store.bytes).toBe(10);
  });

  it('gives every image a new unguessable id', () => {
    const store = new ImageStore(100);
    const ids = new Set(Array.from({ length: 20 }, () => store.add('a', { type: 'image/gif', bytes: Buffer.alloc(1) })));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
