/**
 * Found while writing these fixtures: Chromium keeps spare (preconnected) TCP connections to a server it
 * expects to use, and they send no request. The broker's `close()` must not wait for such a connection
 * (DESIGN §2: the broker exits cleanly on SIGTERM), or every test teardown with a browser still open hangs.
 */
import { connect, type Socket } from 'node:net';
import { test } from '@playwright/test';
import { startBroker } from '../src/broker/server.ts';

test('the broker closes while a connection that sent no request is open', async () => {
  // The broker's own shutdown grace is 2 s; allow plenty more before calling it stuck.
  test.setTimeout(15_000);
  const broker = await startBroker({ port: 0, host: '127.0.0.1', apiKeys: ['e2e-key'], log: () => {} });
  const spare: Socket = connect(broker.port, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      spare.once('connect', resolve);
      spare.once('error', reject);
    });
    await broker.close();
  } finally {
    spare.destroy();
    await broker.close();
  }
});
