/**
 * Issue 12 row 5 (DESIGN §6.2 "Client address" and "Connections"): every connection has a header deadline
 * and is counted per client address from accept, the whole broker has a connection cap, and behind a load
 * balancer the client address comes from `X-Forwarded-For` only when the proxy is trusted.
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  type BrokerProcess,
  customer,
  ORIGIN,
  type RawConnection,
  rawConnection,
  statusOf,
  until,
  upgradeOutcome,
  useBrokerProcesses,
} from './test-kit.ts';

const broker = useBrokerProcesses();
// Each test starts its own broker process (about a second on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

/** The start of a customer WebSocket upgrade request, without the blank line that ends the headers. */
function upgradeHead(b: BrokerProcess, extra: Record<string, string> = {}): string {
  const headers = {
    Host: `127.0.0.1:${b.port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': Buffer.from(randomUUID().slice(0, 16)).toString('base64'),
    'Sec-WebSocket-Version': '13',
    Origin: ORIGIN,
    ...extra,
  };
  return `GET /ws HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}`;
}

/** Sends a whole upgrade request and resolves with the status the broker answers (0 when it just closes). */
async function upgradeOn(connection: RawConnection, b: BrokerProcess, extra: Record<string, string> = {}): Promise<number> {
  connection.socket.write(`${upgradeHead(b, extra)}\r\n`);
  await until(() => statusOf(connection.received()) !== null || connection.isClosed(), 'an answer to the upgrade');
  return statusOf(connection.received()) ?? 0;
}

async function upgradeFrom(b: BrokerProcess, extra: Record<string, string> = {}, localAddress?: string): Promise<number> {
  return upgradeOn(await rawConnection(b, localAddress), b, extra);
}

describe('header deadline (row 5)', () => {
  it('answers 408 and closes connections whose headers never finish, silent or trickled', async () => {
    const b = await broker({ SERMO_HEADERS_TIMEOUT_MS: '500' });
    const silent = await rawConnection(b);
    const trickle = await rawConnection(b);
    const head = upgradeHead(b);
    let sent = 0;
    const drip = setInterval(() => {
      // One byte every 50 ms: a request that would take minutes to finish.
      if (!trickle.isClosed()) trickle.socket.write(head[sent++ % head.length]!);
    }, 50);
    try {
      await until(() => silent.isClosed() && trickle.isClosed(), 'both connections to be closed', 5_000);
    } finally {
      clearInterval(drip);
    }
    expect(statusOf(silent.received())).toBe(408);
    expect(statusOf(trickle.received())).toBe(408);
    // A customer that sends its request in time is unaffected.
    expect(await upgradeOutcome(b)).toBe(101);
  });

  it('waits 10 s for headers by default', async () => {
    const b = await broker();
    const silent = await rawConnection(b);
    const opened = Date.now();
    await until(() => silent.isClosed(), 'the default header deadline', 16_000);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(9_500);
    expect(statusOf(silent.received())).toBe(408);
  }, 20_000);
});

describe('connections per client address (row 5)', () => {
  it('counts connections from accept, before any upgrade, and treats every 127.x.y.z as one host', async () => {
    const b = await broker({ SERMO_MAX_SOCKETS_PER_IP: '5' });
    const idle: RawConnection[] = [];
    for (let i = 0; i < 5; i++) idle.push(await rawConnection(b, `127.0.0.${1 + (i % 3)}`));
    const sixth = await rawConnection(b, '127.0.0.9');
    await until(() => sixth.isClosed(), 'the connection over the limit to be closed');
    expect([null, 429]).toContain(statusOf(sixth.received()));
    const line = await b.waitForLog(/more than 5 connections/);
    expect(line).toMatch(/127\.0\.0\./);
    // A connection freed is a connection available.
    idle[0]!.socket.destroy();
    await until(async () => (await upgradeFrom(b)) === 101, 'a free slot after one connection closed');
  });

  it('caps all open connections together', async () => {
    const b = await broker({ SERMO_MAX_CONNECTIONS: '6' });
    for (let i = 0; i < 6; i++) await rawConnection(b);
    const over = await rawConnection(b);
    await until(() => over.isClosed(), 'the connection over the total to be closed');
    await b.waitForLog(/SERMO_MAX_CONNECTIONS/);
  });
});

describe('behind a load balancer (row 5)', () => {
  it('ignores X-Forwarded-For from an untrusted peer, and says to set SERMO_TRUSTED_PROXIES when that address hits a limit', async () => {
    const b = await broker({ SERMO_MAX_SOCKETS_PER_IP: '3' });
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await customer(b, randomUUID(), {}, { 'X-Forwarded-For': `198.51.100.${i + 1}` }));
    expect(await upgradeFrom(b, { 'X-Forwarded-For': '198.51.100.99' })).not.toBe(101);
    await b.waitForLog(/SERMO_TRUSTED_PROXIES/);
  });

  it('takes the right-most untrusted X-Forwarded-For entry as the client address when the peer is a trusted proxy', async () => {
    const b = await broker({ SERMO_MAX_SOCKETS_PER_IP: '2', SERMO_TRUSTED_PROXIES: '127.0.0.0/8, 10.0.0.0/8' });
    // Entries left of the client's own are whatever the client wrote: spoofing them changes nothing.
    const spoofed = (left: string) => ({ 'X-Forwarded-For': `${left}, 198.51.100.2, 10.1.2.3` });
    await customer(b, randomUUID(), {}, spoofed('1.1.1.1'));
    await customer(b, randomUUID(), {}, spoofed('2.2.2.2'));
    expect(await upgradeFrom(b, spoofed('3.3.3.3'))).toBe(429);
    const refusal = await b.waitForLog(/customer refused: 429/);
    expect(refusal).toMatch(/198\.51\.100\.2/);
    expect(await upgradeFrom(b, { 'X-Forwarded-For': '198.51.100.3' })).toBe(101);
  });
});
