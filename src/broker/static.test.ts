import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor } from './static.ts';
import { httpRequest, startTestBroker, type TestBroker } from './testing.ts';

let dir: string;
let root: string;
let t: TestBroker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sermo-static-'));
  root = join(dir, 'site');
  await mkdir(join(root, 'assets'), { recursive: true });
  await mkdir(join(root, 'docs'), { recursive: true });
  await writeFile(join(dir, 'secret.txt'), 'outside the root');
  await writeFile(join(root, 'index.html'), '<!doctype html><title>home</title>');
  await writeFile(join(root, 'docs', 'index.html'), '<!doctype html><title>docs</title>');
  await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await symlink(join(dir, 'secret.txt'), join(root, 'escape.txt'));
  t = await startTestBroker({ staticDir: root });
});

afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string, method = 'GET') => httpRequest(t.broker.url, { method, path });

describe('static files', () => {
  it('serves index.html at / and in folders', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.body.toString()).toContain('home');
    expect((await get('/docs/')).body.toString()).toContain('docs');
    expect((await get('/docs')).body.toString()).toContain('docs');
  });

  it('serves files with their content types', async () => {
    const js = await get('/assets/app-1a2b.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    const head = await get('/assets/app.css', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('answers 404 for a missing file', async () => {
    expect((await get('/nope.js')).status).toBe(404);
  });

  it('never serves a file outside the folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/escape.txt',
      '/secret.txt%00.html',
    ]) {
      const response = await get(path);
      expect(response.status, path).not.toBe(200);
      expect(response.body.toString(), path).not.toContain('outside the root');
    }
  });
});

describe('contentTypeFor', () => {
  it('knows the web types and falls back to octet-stream', () => {
    expect(contentTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(contentTypeFor('a.ico')).toBe('image/x-icon');
    expect(contentTypeFor('a.webp')).toBe('image/webp');
    expect(contentTypeFor('a.png')).toBe('image/png');
    expect(contentTypeFor('A.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.exe')).toBe('application/octet-stream');
  });
});
