/**
 * Small real PNG files for upload tests, made here rather than checked in, with the demo's PNG encoder.
 * A diagonal gradient, so a screenshot shows a picture.
 */
import { encodePng } from '../../src/demo/router-png.ts';

/** A `width` x `height` RGB PNG with a blue-to-orange gradient. */
export function gradientPng(width = 160, height = 100): Buffer {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const at = (y * width + x) * 3;
      rgb[at] = Math.round(35 + 220 * t);
      rgb[at + 1] = Math.round(90 + 60 * t);
      rgb[at + 2] = Math.round(190 - 150 * t);
    }
  }
  return encodePng(width, height, rgb);
}
