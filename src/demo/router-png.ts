/**
 * The picture the bot sends with its "restart your router" advice: a router with its lights on, drawn in
 * code and encoded as a PNG (truecolour, no filter, zlib), so the demo ships no binary file.
 */
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

const WIDTH = 320;
const HEIGHT = 180;
const BACKGROUND: Rgb = [240, 244, 250];
const BODY: Rgb = [38, 50, 72];
const BODY_EDGE: Rgb = [20, 28, 44];
const ANTENNA: Rgb = [70, 84, 110];
const GREEN: Rgb = [46, 204, 113];
const WHITE: Rgb = [230, 236, 245];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encode RGB pixels (row-major, 3 bytes each) as a PNG file. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    // Each scanline starts with its filter type; 0 = none.
    rgb.subarray(y * width * 3, (y + 1) * width * 3).forEach((v, i) => (raw[y * (width * 3 + 1) + 1 + i] = v));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** The router picture as a PNG file. */
export function renderRouterPng(): Buffer {
  const px = new Uint8Array(WIDTH * HEIGHT * 3);
  const set = (x: number, y: number, c: Rgb) => {
    if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) return;
    px.set(c, (y * WIDTH + x) * 3);
  };
  const rect = (x0: number, y0: number, w: number, h: number, c: Rgb) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, c);
  };
  const disc = (cx: number, cy: number, r: number, c: Rgb) => {
    for (let y = -r; y <= r; y++) for (let x = -r; x <= r; x++) if (x * x + y * y <= r * r) set(cx + x, cy + y, c);
  };

  rect(0, 0, WIDTH, HEIGHT, BACKGROUND);
  rect(80, 20, 8, 70, ANTENNA); // antennas
  rect(232, 20, 8, 70, ANTENNA);
  disc(84, 20, 6, ANTENNA);
  disc(236, 20, 6, ANTENNA);
  rect(36, 84, 248, 64, BODY_EDGE); // body
  rect(40, 88, 240, 56, BODY);
  rect(56, 148, 24, 10, BODY_EDGE); // feet
  rect(240, 148, 24, 10, BODY_EDGE);
  for (let i = 0; i < 5; i++) disc(84 + i * 38, 116, 8, i === 4 ? WHITE : GREEN); // lights: power..wifi, then WPS
  return encodePng(WIDTH, HEIGHT, px);
}
