/**
 * Issue 12 rows 1, 10 and 11: outbound ids only grow per userId, across SIGTERM and SIGKILL restarts
 * (DESIGN §4.3), a client cannot poison the counter, and ids are deduped per sender (DESIGN §6.2).
 */

import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { TestClient } from '../testing.ts';
import { application, type BrokerProcess, customer, customerSocket, useBrokerProcesses } from './test-kit.ts';

const broker = useBrokerProcesses();
// Each test starts its own broker process (about a second on a busy machine).
vi.setConfig({ testTimeout: 20_000 });

const say = (userId: string, text: string, id: string = randomUUID()) => ({ type: 'text', direction: 'outbound', userId, text, id });

/** Sends an application event and waits for the broker's ack, so it has surely been numbered and stored. */
async function sendAcked(app: TestClient, frame: Record<string, unknown>): Promise<void> {
  app.send(frame);
  for (;;) {
    const got = await app.next();
    if (got['type'] === 'ack' && got['id'] === frame['id']) return;
  }
}

async function nextEvent(client: TestClient): Promise<Record<string, unknown>> {
  return client.nextEvent();
}

describe.each(['SIGTERM', 'SIGKILL'] as const)('ids after a %s restart (row 1)', (signal) => {
  it('gives an agent message sent before the customer is back an id above every id given before', async () => {
    const first: BrokerProcess = await broker();
    const { client, userId } = await customer(first);
    const app = await application(first);
    for (const text of ['one', 'two']) await sendAcked(app, say(userId, text));
    await nextEvent(client);
    const lastSeen = (await nextEvent(client))['id'];
    expect(Number.isSafeInteger(lastSeen)).toBe(true);
    await first.stop(signal);

    const second = await broker();
    const agent = await application(second);
    // The deploy is done; the agent answers before the customer's widget has reconnected.
    await sendAcked(agent, say(userId, 'sent while you reconnected'));
    const back = await customerSocket(second);
    back.send({ type: 'heartbeat', direction: 'inbound', userId, lastEventId: lastSeen, id: randomUUID() });
    const replayed = await nextEvent(back);
    expect(replayed).toMatchObject({ text: 'sent while you reconnected' });
    expect(replayed['id']).toBeGreaterThan(lastSeen as number);
    await sendAcked(agent, say(userId, 'live'));
    const live = await nextEvent(back);
    expect(live['id']).toBeGreaterThan(replayed['id'] as number);
  });
});

describe('a poisoned lastEventId (row 10)', () => {
  it('replays nothing and changes no counter: the next id stays a small step above the last one given', async () => {
    const b = await broker();
    const { client, userId } = await customer(b);
    const app = await application(b);
    await sendAcked(app, say(userId, 'before'));
    const before = (await nextEvent(client))['id'] as number;

    const poisoned = await customerSocket(b);
    const heartbeat = randomUUID();
    poisoned.send({ type: 'heartbeat', direction: 'inbound', userId, lastEventId: Number.MAX_SAFE_INTEGER, id: heartbeat });
    expect(await poisoned.next()).toEqual({ type: 'ack', id: heartbeat });

    await sendAcked(app, say(userId, 'after'));
    const after = await nextEvent(client);
    expect(after).toMatchObject({ text: 'after', id: before + 1 });
  });
});

describe('dedupe per sender (row 11)', () => {
  it('routes an application event whose id a customer used first, and the other way round', async () => {
    const b = await broker();
    const { client, userId } = await customer(b);
    const app = await application(b);
    const taken = randomUUID();
    client.send({ type: 'text', direction: 'inbound', userId, text: 'customer first', id: taken });
    expect(await client.next()).toEqual({ type: 'ack', id: taken });
    expect(await app.next()).toMatchObject({ text: 'customer first', id: taken });
    await sendAcked(app, say(userId, 'application second', taken));
    expect(await nextEvent(client)).toMatchObject({ text: 'application second' });

    const other = randomUUID();
    await sendAcked(app, say(userId, 'application first', other));
    expect(await nextEvent(client)).toMatchObject({ text: 'application first' });
    client.send({ type: 'text', direction: 'inbound', userId, text: 'customer second', id: other });
    expect(await client.next()).toEqual({ type: 'ack', id: other });
    expect(await app.next()).toMatchObject({ text: 'customer second', id: other });
  });

  it('keeps one application key from pre-empting another, and dedupes a resend after its own reconnect', async () => {
    const b = await broker({ SERMO_API_KEYS: 'bot-key,desk-key' });
    const { client, userId } = await customer(b);
    const bot = await application(b, 'bot-key');
    const desk = await application(b, 'desk-key');
    const id = randomUUID();
    await sendAcked(bot, say(userId, 'from the bot', id));
    expect(await nextEvent(client)).toMatchObject({ text: 'from the bot' });
    await sendAcked(desk, say(userId, 'from the desk', id));
    expect(await nextEvent(client)).toMatchObject({ text: 'from the desk' });

    // The bot lost its socket before the ack and resends on a new one: routed once.
    await bot.close();
    const botAgain = await application(b, 'bot-key');
    await sendAcked(botAgain, say(userId, 'from the bot', id));
    await sendAcked(botAgain, say(userId, 'next'));
    expect(await nextEvent(client)).toMatchObject({ text: 'next' });
  });
});
