import { describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { encodePng, renderRouterPng } from './router-png.ts';

describe('encodePng', () => {
  it('writes the PNG signature, an IHDR with the size, and the pixels filter-less in IDAT', () => {
    const png = encodePng(2, 1, new Uint8Array([255, 0, 0, 0, 0, 255]));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(2);
    expect(png.readUInt32BE(20)).toBe(1);
    const idatAt = png.indexOf('IDAT');
    const idat = png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4));
    expect([...inflateSync(idat)]).toEqual([0, 255, 0, 0, 0, 0, 255]);
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND');
  });

  it('gives every chunk the CRC-32 the PNG spec defines', () => {
    // The IEND chunk's CRC is a known constant.
    const png = encodePng(1, 1, new Uint8Array(3));
    expect(png.readUInt32BE(png.length - 4)).toBe(0xae426082);
  });
});

describe('renderRouterPng', () => {
  it('is a small PNG, well under the broker image limit', () => {
    const png = renderRouterPng();
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeLessThan(20_000);
  });
});
