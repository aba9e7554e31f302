import { describe, expect, it } from 'vitest';
import { APP_KEY, DEV_ORIGIN, httpRequest, type TestBroker, useTestBroker } from './testing.ts';

/** Conversations as the widget names them: UUIDs (DESIGN §6.2). */
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';

const start = useTestBroker();

/** A real 1x1 PNG. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const GIF_BYTES = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

function post(b: TestBroker, image: string, options: { query?: string; headers?: Record<string, string> } = {}) {
  return httpRequest(b.broker.url, {
    method: 'POST',
    path: `/images${options.query ?? ''}`,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ image }),
  });
}

describe('POST /images and GET /images/<id>', () => {
  it('stores an application upload and serves it with its real type and safe headers', async () => {
    const b = await start();
    const created = await post(b, PNG_BASE64, { query: `?apiKey=${APP_KEY}` });
    expect(created.status).toBe(201);
    const { id } = JSON.parse(created.body.toString()) as { id: string };
    expect(created.headers['location']).toBe(`/images/${id}`);
    const served = await httpRequest(b.broker.url, { path: `/images/${id}` });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'");
    expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(served.body.equals(Buffer.from(PNG_BASE64, 'base64'))).toBe(true);
  });

  it('decides the type by magic bytes, not by a data URL label', async () => {
    const b = await start();
    const created = await post(b, `data:image/png;base64,${GIF_BYTES.toString('base64')}`, { query: `?apiKey=${APP_KEY}` });
    expect(created.status).toBe(201);
    const served = await httpRequest(b.broker.url, { path: String(created.headers['location']) });
    expect(served.headers['content-type']).toBe('image/gif');
  });

  it('refuses what is not PNG, JPEG, GIF or WebP with 415', async () => {
    const b = await start();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    const response = await post(b, `data:image/svg+xml;base64,${svg}`, { query: `?apiKey=${APP_KEY}` });
    expect(response.status).toBe(415);
  });

  it('refuses a body that is not JSON with an image string with 400', async () => {
    const b = await start();
    const notBase64 = await post(b, 'this is not base64!', { query: `?apiKey=${APP_KEY}` });
    expect(notBase64.status).toBe(400);
    const notJson = await httpRequest(b.broker.url, { method: 'POST', path: `/images?apiKey=${APP_KEY}`, body: 'image=1' });
    expect(notJson.status).toBe(400);
  });

  it('refuses an image over the size limit with 413', async () => {
    const b = await start({ limits: { maxImageBytes: 1000 } });
    const big = Buffer.concat([Buffer.from(PNG_BASE64, 'base64'), Buffer.alloc(2000)]).toString('base64');
    expect((await post(b, big, { query: `?apiKey=${APP_KEY}` })).status).toBe(413);
    const huge = Buffer.alloc(100_000).toString('base64');
    expect((await post(b, huge, { query: `?apiKey=${APP_KEY}` })).status).toBe(413);
  });

  it('refuses an upload without credentials or with a wrong apiKey with 401', async () => {
    const b = await start();
    expect((await post(b, PNG_BASE64)).status).toBe(401);
    expect((await post(b, PNG_BASE64, { query: '?apiKey=wrong' })).status).toBe(401);
  });

  it('accepts a customer upload for a connected conversation, with CORS for its origin', async () => {
    const b = await start();
    const customer = await b.customer(U1);
    const created = await post(b, PNG_BASE64, { headers: { 'x-sermo-user': U1, origin: DEV_ORIGIN } });
    expect(created.status).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe(DEV_ORIGIN);
    expect(created.headers['access-control-expose-headers']).toBe('Location');
    await customer.close();
  });

  it('refuses a customer upload for a conversation with no open socket, or from another origin, with 403', async () => {
    const b = await start();
    await b.customer(U1);
    expect((await post(b, PNG_BASE64, { headers: { 'x-sermo-user': U2, origin: DEV_ORIGIN } })).status).toBe(403);
    const foreign = await post(b, PNG_BASE64, { headers: { 'x-sermo-user': U1, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers a preflight from an allowed origin and refuses one from another', async () => {
    const b = await start({ allowedOrigins: ['https://cdn.example'] });
    const allowed = await httpRequest(b.broker.url, {
      method: 'OPTIONS',
      path: '/images',
      headers: {
        origin: 'https://cdn.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-sermo-user',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://cdn.example');
    expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('x-sermo-user');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('content-type');
    const refused = await httpRequest(b.broker.url, {
      method: 'OPTIONS',
      path: '/images',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 404 for an unknown image and 405 for other methods', async () => {
    const b = await start();
    expect((await httpRequest(b.broker.url, { path: '/images/nope' })).status).toBe(404);
    expect((await httpRequest(b.broker.url, { method: 'DELETE', path: '/images/nope' })).status).toBe(405);
    expect((await httpRequest(b.broker.url, { path: '/images' })).status).toBe(405);
  });
});
