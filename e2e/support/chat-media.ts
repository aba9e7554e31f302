/**
 * Pictures and sound for rich-message tests, served by Playwright at a made-up https origin (`MEDIA`), so an
 * attachment's http(s) URL loads something real while no request leaves the machine.
 */
import type { Page } from '@playwright/test';
import { gradientPng } from './chat-png.ts';

export const MEDIA = 'https://media.sermo.test';

/** `seconds` of silence as an 8 kHz, 8-bit mono WAV file. */
export function silentWav(seconds = 1): Buffer {
  const samples = 8000 * seconds;
  const wav = Buffer.alloc(44 + samples, 128);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(8000, 28);
  wav.writeUInt16LE(1, 32);
  wav.writeUInt16LE(8, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples, 40);
  return wav;
}

/** Serves `MEDIA/*.png` (a gradient) and `MEDIA/*.wav` (silence); records every request made to it. */
export async function serveMedia(page: Page): Promise<string[]> {
  const requested: string[] = [];
  await page.context().route(`${MEDIA}/**`, (route) => {
    const url = route.request().url();
    requested.push(url);
    if (url.endsWith('.png')) return route.fulfill({ contentType: 'image/png', body: gradientPng(240, 120) });
    if (url.endsWith('.wav')) return route.fulfill({ contentType: 'audio/wav', body: silentWav() });
    return route.fulfill({ status: 404 });
  });
  return requested;
}
