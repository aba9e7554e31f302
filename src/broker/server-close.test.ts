/**
 * Found while writing the e2e fixtures: Chromium keeps spare (preconnected) TCP connections to a server it
 * expects to use, and they send no request. The broker's `close()` must not wait for such a connection
 * (DESIGN §2: the broker exits cleanly on SIGTERM), or every test teardown with a browser still open hangs.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startBroker } from './server.ts';

describe('Broker.close', () => {
  it('ends a connection that never sent a request, and finishes', async () => {
    const broker = await startBroker({ port: 0, host: '127.0.0.1', apiKeys: ['k'], log: () => {} });
    const spare: Socket = connect(broker.port, '127.0.0.1');
    try {
      await new Promise<void>((resolve, reject) => {
        spare.once('connect', resolve);
        spare.once('error', reject);
      });
      const endedByBroker = new Promise<boolean>((resolve) => spare.once('close', () => resolve(true)));
      // A close() that waited for the spare connection would never settle: the test would time out here.
      await broker.close();
      expect(await endedByBroker).toBe(true);
      expect(spare.destroyed).toBe(true);
    } finally {
      spare.destroy();
      await broker.close();
    }
  });
});
