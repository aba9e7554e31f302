/**
 * Issue 12 rows 2 and 6 (DESIGN §6.2 "Conversations"): a userId must be an unguessable UUID, one client
 * address may begin only so many conversations a minute without hurting another address, and a flood of
 * new conversations from one address leaves the broker's memory bounded.
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { application, type BrokerProcess, customer, customerSocket, ORIGIN, useBrokerProcesses } from './test-kit.ts';

const broker = useBrokerProcesses();
// Each test starts its own broker process (about a second on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

/** Binds a new customer socket to `userId`: 'acked' when the broker acks its heartbeat, else the close code. */
async function bindOutcome(b: BrokerProcess, userId: string, headers: Record<string, string> = {}): Promise<number | 'acked'> {
  const client = await customerSocket(b, headers);
  const id = randomUUID();
  client.send({ type: 'heartbeat', direction: 'inbound', userId, id });
  const outcome = await client.next().then(
    () => 'acked' as const,
    () => client.closed.then(({ code }) => code),
  );
  await client.close();
  return outcome;
}

/**
 * For `ms`, 50 sockets at a time each open, name a conversation (`userIdFor()`), send `start` and a 2 KB
 * message in it, and close; resolves with how many sockets were opened.
 */
async function churn(b: BrokerProcess, ms: number, userIdFor: () => string): Promise<number> {
  const until = Date.now() + ms;
  let attempts = 0;
  const one = () =>
    new Promise<void>((done) => {
      const ws = new WebSocket(`${b.wsBase}/ws`, { headers: { Origin: ORIGIN } });
      const userId = userIdFor();
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'start', direction: 'inbound', userId, params: {}, id: randomUUID() }));
        ws.send(JSON.stringify({ type: 'text', direction: 'inbound', userId, text: 'x'.repeat(2_000), id: randomUUID() }));
        ws.close();
      });
      ws.on('close', () => done());
      ws.on('error', () => done());
    });
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (Date.now() < until) {
        attempts += 1;
        await one();
      }
    }),
  );
  return attempts;
}

describe('userId format (row 6)', () => {
  it('closes a socket with 1008 unless its userId is a UUID in canonical form', async () => {
    const b = await broker();
    for (const guessable of ['alice', '1', 'u1', 'order-12345', `${randomUUID()}x`, randomUUID().replaceAll('-', '')]) {
      expect(await bindOutcome(b, guessable), guessable).toBe(1008);
    }
    expect(await bindOutcome(b, randomUUID())).toBe('acked');
    const refusal = await b.waitForLog(/customer refused: 1008 .*userId/);
    expect(refusal).toMatch(/ip=127\.0\.0\.1/);
  });

  it('never writes a whole userId to its log at info level', async () => {
    const b = await broker();
    const { client, userId } = await customer(b);
    client.send({ type: 'start', direction: 'inbound', userId, params: {}, id: randomUUID() });
    await client.next();
    await client.close();
    await b.waitForLog(/customer closed/);
    expect(b.logs.join('\n')).not.toContain(userId);
  });
});

describe('new conversations per client address (row 2)', () => {
  it('refuses the conversation beyond the allowance with 1008 and a log line, and leaves another address alone', async () => {
    const b = await broker({ SERMO_NEW_CHATS_PER_MINUTE: '3', SERMO_TRUSTED_PROXIES: '127.0.0.1' });
    const shop = { 'X-Forwarded-For': '198.51.100.7' };
    const returning = randomUUID();
    expect(await bindOutcome(b, returning, shop)).toBe('acked');
    for (let i = 0; i < 2; i++) expect(await bindOutcome(b, randomUUID(), shop)).toBe('acked');
    expect(await bindOutcome(b, randomUUID(), shop)).toBe(1008);
    const line = await b.waitForLog(/new conversations/);
    expect(line).toMatch(/198\.51\.100\.7/);
    expect(line).toMatch(/SERMO_NEW_CHATS_PER_MINUTE/);
    // A conversation that already exists is not new: its customer comes back.
    expect(await bindOutcome(b, returning, shop)).toBe('acked');
    // Another customer, behind the same load balancer, has its own allowance.
    expect(await bindOutcome(b, randomUUID(), { 'X-Forwarded-For': '203.0.113.9' })).toBe('acked');
  });

  it('allows 30 a minute by default', async () => {
    const b = await broker();
    for (let i = 0; i < 30; i++) expect(await bindOutcome(b, randomUUID())).toBe('acked');
    expect(await bindOutcome(b, randomUUID())).toBe(1008);
  });

  it('stays within 50 MB of memory and its allowance of conversations under a flood from one address', async () => {
    const b = await broker({ SERMO_NEW_CHATS_PER_MINUTE: '30', SERMO_MAX_SOCKETS_PER_IP: '1000' });
    const app = await application(b);
    // Warmed up first by the same traffic for one returning conversation, so the figure is what the flood
    // adds to a broker that has been serving, not the heap a fresh process grows into anyway.
    const { userId: regular } = await customer(b);
    await churn(b, 2_000, () => regular);
    const rssBefore = b.rssBytes();
    const attempts = await churn(b, 6_000, () => randomUUID());
    const health = await b.health();
    expect(attempts).toBeGreaterThan(200);
    expect(health['conversations']).toBeLessThanOrEqual(31);
    expect(b.rssBytes() - rssBefore).toBeLessThan(50 * 1024 * 1024);
    await app.close();
  });
});
