import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from './testing.ts';

function get(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/dev-api-key', headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /dev-api-key', () => {
  let broker: TestBroker | undefined;
  afterEach(async () => broker?.close());

  it('gives the dev key to a loopback request addressed to localhost', async () => {
    broker = await startTestBroker({ devApiKey: 'dev-123' });
    const port = broker.broker.port;
    expect(await get(port, `localhost:${port}`)).toEqual({ status: 200, body: 'dev-123' });
    expect((await get(port, `127.0.0.1:${port}`)).status).toBe(200);
  });

  it('refuses a request whose Host is another name (DNS rebinding)', async () => {
    broker = await startTestBroker({ devApiKey: 'dev-123' });
    expect(await get(broker.broker.port, 'evil.example:80')).toEqual({ status: 404, body: '404\n' });
  });

  it('is absent when no dev key was given', async () => {
    broker = await startTestBroker();
    expect((await get(broker.broker.port, `localhost:${broker.broker.port}`)).status).toBe(404);
  });
});
