/**
 * DESIGN §6.1, "a node killed outright (SIGKILL) loses nothing that was acked or routed": a customer on node A
 * and an agent on node B talk while A is killed mid-conversation; the customer comes back on B the way the
 * widget does (heartbeat with `lastEventId`, then its unacked texts again with the same ids) and every text
 * either way arrives exactly once, in order.
 */

import { randomUUID } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import type { TestClient } from '../testing.ts';
import { application, customer, customerSocket, record, say, sendAcked, useCluster, write } from './test-kit.ts';

vi.setConfig({ testTimeout: 40_000, hookTimeout: 60_000 });

const cluster = useCluster();

it('loses and doubles nothing either way when the node holding the customer is killed with SIGKILL', async () => {
  const {
    nodes: [a, b],
  } = await cluster(['node-a', 'node-b']);
  const userId = randomUUID();
  const agent = await application(b!);
  const toAgent = record(agent);
  const tab: TestClient = await customer(a!, userId);
  const first = record(tab);

  const agentTexts: string[] = [];
  const customerTexts: { id: string; text: string }[] = [];
  // Both sides keep talking; A is killed half way through.
  for (let n = 0; n < 30; n++) {
    if (n === 15) await a!.stop('SIGKILL');
    const mine = { id: randomUUID(), text: `customer ${n}` };
    customerTexts.push(mine);
    if (tab.ws.readyState === tab.ws.OPEN) tab.send(write(userId, mine.text, { id: mine.id }));
    agentTexts.push(`agent ${n}`);
    await sendAcked(agent, say(userId, `agent ${n}`));
  }
  await tab.closed;

  // The widget comes back on the other node: resume from the highest id seen, then resend what was not acked.
  const seenIds = first.events.map((frame) => frame['id'] as number);
  const back = await customerSocket(b!);
  const second = record(back);
  const resume = randomUUID();
  back.send({ type: 'heartbeat', direction: 'inbound', userId, lastEventId: Math.max(0, ...seenIds), id: resume });
  for (const mine of customerTexts) if (!first.acked.has(mine.id)) back.send(write(userId, mine.text, { id: mine.id }));
  await sendAcked(agent, say(userId, 'last'));
  await vi.waitFor(() => expect(second.events.at(-1)).toMatchObject({ text: 'last' }), { timeout: 10_000 });
  await vi.waitFor(() => expect(customerTexts.every((mine) => first.acked.has(mine.id) || second.acked.has(mine.id))).toBe(true), {
    timeout: 10_000,
  });

  // Every agent text once, in order, across the two sockets, ids strictly growing.
  const shown = [...first.events, ...second.events];
  expect(shown.map((frame) => frame['text'])).toEqual([...agentTexts, 'last']);
  const ids = shown.map((frame) => frame['id'] as number);
  expect(ids).toEqual([...ids].sort((x, y) => x - y));
  expect(new Set(ids).size).toBe(ids.length);

  // Every customer text reached the agent's side once, in order.
  const inboundTexts = () => toAgent.events.filter((frame) => frame['type'] === 'text').map((frame) => frame['text']);
  await sendAcked(back, write(userId, 'final'));
  await vi.waitFor(() => expect(inboundTexts().at(-1)).toBe('final'), { timeout: 10_000 });
  expect(inboundTexts()).toEqual([...customerTexts.map((mine) => mine.text), 'final']);
});
