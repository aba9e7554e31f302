/**
 * DESIGN §6.1 in a browser (issue 18): the real widget in Chromium talks to two broker nodes on one Redis
 * through HAProxy (no stickiness). The node holding the customer's socket is killed with SIGKILL while an
 * agent on the other node keeps writing and the customer keeps typing; the widget reconnects through the load
 * balancer to the live node, resumes with its `lastEventId` and resends what was not acked. Every message
 * either way shows or arrives once, in order.
 */
import { expect, test } from '@playwright/test';
import { type BrokerNode, type LoadBalancer, type RedisServer, startBrokerNode, startLoadBalancer, startRedis } from '../src/broker/cluster/local-cluster.ts';
import { BUILD_DIR } from './fixtures.ts';
import { AgentSocket } from './support/chat-agent.ts';
import { ChatWidget } from './support/chat-widget.ts';

const API_KEY = 'cluster-e2e-key';

test('a customer keeps its conversation, nothing lost or doubled, when the node it is connected to is killed', async ({ page }) => {
  test.setTimeout(60_000);
  const stops: (() => Promise<void>)[] = [];
  try {
    const redis: RedisServer = await startRedis();
    stops.push(() => redis.stop('SIGKILL'));
    const nodes: BrokerNode[] = [];
    for (const id of ['node-a', 'node-b']) {
      const node = await startBrokerNode(id, {
        SERMO_REDIS_URL: redis.url,
        SERMO_API_KEYS: API_KEY,
        SERMO_STATIC: BUILD_DIR,
        SERMO_TRUSTED_PROXIES: '127.0.0.1',
      });
      stops.push(() => node.stop('SIGKILL'));
      await node.ready();
      nodes.push(node);
    }
    const lb: LoadBalancer = await startLoadBalancer(nodes.map((node) => ({ id: node.id, port: node.port })));
    stops.push(() => lb.stop());
    // An agent straight on each node: the one on the node that survives does the talking.
    const agents = await Promise.all(nodes.map((node) => AgentSocket.connect(node.wsBase, API_KEY)));
    stops.push(async () => void (await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)))));

    const widget = new ChatWidget(page, { url: lb.url, wsUrl: `${lb.url.replace(/^http/, 'ws')}/ws` }, agents[0]!);
    stops.push(() => widget.dispose());
    await widget.open();
    const userId = await widget.userId();
    await widget.send('one');
    await agents[1]!.waitForInbound('text', (e) => e.userId === userId && e.text === 'one');

    // The node holding the widget's socket, by each node's own count (DESIGN §6.1 /healthz).
    const counts = await Promise.all(nodes.map(async (node) => (await node.health()).body['customers']));
    const holder = counts.indexOf(1);
    expect(holder, `one node holds the socket: ${JSON.stringify(counts)}`).toBeGreaterThanOrEqual(0);
    const survivor = 1 - holder;
    const agent = agents[survivor]!;

    agent.say(userId, 'agent before');
    await expect(widget.message('agent before')).toBeVisible();

    await nodes[holder]!.stop('SIGKILL');
    agent.say(userId, 'agent while down 1');
    await widget.send('two');
    agent.say(userId, 'agent while down 2');
    await widget.send('three');

    await expect(widget.message('agent while down 2')).toBeVisible({ timeout: 15_000 });
    await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'three', 15_000);
    await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(0, { timeout: 15_000 });
    expect((await nodes[survivor]!.health()).body['customers']).toBe(1);

    // A last round trip both ways, so anything doubled would have arrived by now.
    await widget.send('four');
    agent.say(userId, 'agent after');
    await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'four');
    await expect(widget.message('agent after')).toBeVisible();

    expect(agent.inbound('text', userId).map((e) => ('text' in e ? e.text : ''))).toEqual(['one', 'two', 'three', 'four']);
    const shown = (await widget.log.getByText(/^agent /).allTextContents()).filter((text) => text.startsWith('agent '));
    expect(shown).toEqual(['agent before', 'agent while down 1', 'agent while down 2', 'agent after']);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
});
