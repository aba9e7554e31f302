import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_ORIGIN, TestClient } from './testing.ts';

const repo = resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts `npm run broker`'s command as a child and resolves with its stdout lines up to the listening line. */
function startCli(env: Record<string, string>): Promise<{ lines: string[]; url: string; exited: Promise<number | null> }> {
  child = spawn(process.execPath, ['--import', './scripts/ts-register.mjs', 'src/broker/main.ts'], {
    cwd: repo,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = child;
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  return new Promise((ok, fail) => {
    const lines: string[] = [];
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      lines.push(line);
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) ok({ lines, url: match[1]!, exited });
    });
    proc.once('exit', (code) => fail(new Error(`broker exited with ${code} before listening`)));
  });
}

describe('npm run broker', () => {
  it('prints a dev key and one listening line, answers /healthz, and exits 0 on SIGTERM', async () => {
    const { lines, url, exited } = await startCli({ SERMO_API_KEYS: '' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^dev api key: dev-\S+/);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', customers: 0, applications: [] });
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('closes sockets with 1001 and finishes an HTTP request in flight on SIGTERM', async () => {
    const { url, exited } = await startCli({ SERMO_API_KEYS: 'cli-key' });
    const customer = await TestClient.connect(`${url.replace('http', 'ws')}/ws`, { Origin: DEV_ORIGIN });
    const app = await TestClient.connect(`${url.replace('http', 'ws')}/ws/app?apiKey=cli-key`);

    // An upload whose body is held back until the signal: `Expect: 100-continue` tells us the broker has it.
    const base = new URL(url);
    const body = JSON.stringify({ image: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64') });
    const upload = request({
      host: base.hostname,
      port: base.port,
      method: 'POST',
      path: '/images?apiKey=cli-key',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const status = new Promise<number>((ok, fail) => {
      upload.on('response', (res) => {
        res.resume();
        ok(res.statusCode ?? 0);
      });
      upload.on('error', fail);
    });
    await new Promise<void>((ok) => upload.once('continue', ok));
    child!.kill('SIGTERM');
    expect((await customer.closed).code).toBe(1001);
    expect((await app.closed).code).toBe(1001);
    upload.end(body);
    expect(await status).toBe(201);
    expect(await exited).toBe(0);
  });

  it('refuses a malformed limit with a message naming it and exit code 2', async () => {
    const failed = startCli({ SERMO_MAX_SOCKETS_PER_IP: 'many' });
    await expect(failed).rejects.toThrow(/exited with 2/);
  });
});
