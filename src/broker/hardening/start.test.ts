/**
 * Issue 12 rows 8 and 12 for `npm start` (DESIGN §6.2 "Keys"): no application key in any page the broker
 * serves, whatever the request's forwarding headers say; a random dev key per run, printed in the console
 * link's fragment; and `SERMO_ALLOWED_ORIGINS=*` meaning any origin, as for `npm run broker`.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { upgradeStatus } from '../testing.ts';
import { useBrokerProcesses } from './test-kit.ts';

const processes = useBrokerProcesses();
// Each test starts its own broker process (about a second on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

/** A stand-in for `dist/`, newer than the sources so `npm start` does not build. */
let outDir = '';
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'sermo-start-'));
  for (const page of ['index.html', 'console.html', 'embed.html', 'widget.html']) {
    writeFileSync(join(outDir, page), `<!doctype html><title>${page}</title><div id="app"></div>`);
  }
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

const PRODUCTION_KEY = 'prod-key-that-must-stay-secret';

describe('npm start', () => {
  it('prints a random dev key in the console link fragment and serves no key in any page, behind a proxy or not (row 8)', async () => {
    const demo = await processes.startDemo({ SERMO_OUT_DIR: outDir, SERMO_API_KEYS: PRODUCTION_KEY });
    const link = demo.stdout.map((line) => /\/console\.html#key=(\S+)/.exec(line)).find((match) => match !== null);
    expect(link, demo.stdout.join('\n')).toBeDefined();
    const devKey = link![1]!;
    expect(devKey).not.toBe(PRODUCTION_KEY);
    expect(demo.stdout.join('\n')).not.toContain(PRODUCTION_KEY);

    const viaProxy = [
      {},
      { Host: `localhost:${demo.port}` },
      { 'X-Forwarded-For': '203.0.113.5', 'X-Forwarded-Host': 'support.example', 'X-Forwarded-Proto': 'https' },
      { Forwarded: 'for=203.0.113.5;host=support.example;proto=https', Host: 'support.example' },
    ];
    for (const headers of viaProxy) {
      for (const path of ['/', '/console.html', '/embed.html', '/widget.html', '/dev-api-key', '/healthz', '/console.html#key=x']) {
        const response = await fetch(`${demo.url}${path}`, { headers });
        const body = await response.text();
        expect(body, `${path} ${JSON.stringify(headers)}`).not.toContain(devKey);
        expect(body).not.toContain(PRODUCTION_KEY);
        if (path === '/dev-api-key') expect(response.status).toBe(404);
      }
    }
    // The dev key is a real key for this run, and the configured ones still work.
    expect(await upgradeStatus(`${demo.wsBase}/ws/app?apiKey=${devKey}`)).toBe(101);
    expect(await upgradeStatus(`${demo.wsBase}/ws/app?apiKey=${PRODUCTION_KEY}`)).toBe(101);
  });

  it('makes another dev key on every run', async () => {
    const keyOf = async () => {
      const demo = await processes.startDemo({ SERMO_OUT_DIR: outDir });
      const key = demo.stdout.map((line) => /#key=(\S+)/.exec(line)?.[1]).find((k) => k !== undefined);
      await demo.stop();
      return key;
    };
    const first = await keyOf();
    const second = await keyOf();
    expect(first).toMatch(/\S{16,}/);
    expect(second).not.toBe(first);
  });

  it('takes SERMO_ALLOWED_ORIGINS=* as any origin (row 12)', async () => {
    const demo = await processes.startDemo({ SERMO_OUT_DIR: outDir, SERMO_ALLOWED_ORIGINS: '*' });
    expect(await upgradeStatus(`${demo.wsBase}/ws`, { Origin: 'https://shop.example' })).toBe(101);
  });
});
