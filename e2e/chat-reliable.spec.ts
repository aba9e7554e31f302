/**
 * DESIGN §4.3, the claim to prove: across dropped connections and page reloads, no customer message and no
 * agent message is lost or shown twice. The broker's connection layer is "restarted" with
 * `dropCustomerSockets()`; the browser is kept offline meanwhile (`context.setOffline`) so that the widget's
 * reconnect cannot win the race against the test typing, and messages are seen waiting as "Sending…".
 */
import { expect, test } from './fixtures.ts';

/** Exactly these texts, once each, in this order (nothing before or between them either). */
function textsOf(events: readonly { text: string }[]): string[] {
  return events.map((e) => e.text);
}

test('dropped connection: every customer text reaches the agent once, in order; every agent message shows once', async ({
  widget,
  agent,
  broker,
  context,
}) => {
  await widget.open();
  const userId = await widget.userId();
  await widget.send('one');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'one');
  agent.say(userId, 'agent before');
  await expect(widget.message('agent before')).toBeVisible();

  await context.setOffline(true);
  // Going offline, Chromium now and then closes the socket itself before the broker's drop: one way or the other
  // the connection is gone, and the widget must say so.
  expect(broker.dropCustomerSockets(userId)).toBeLessThanOrEqual(1);
  await expect(widget.root.getByRole('status').filter({ hasText: /Reconnecting|cannot be reached/ })).toBeVisible();

  await widget.send('two');
  await widget.send('three');
  const sending = widget.log.getByText(widget.names.sending, { exact: true });
  await expect(sending).toHaveCount(2);
  agent.say(userId, 'agent while away 1');
  agent.say(userId, 'agent while away 2');

  await context.setOffline(false);
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'three', 15_000);
  await expect(widget.message('agent while away 2')).toBeVisible({ timeout: 15_000 });
  await expect(sending).toHaveCount(0);

  // A last round trip both ways, so anything duplicated would have arrived by now.
  await widget.send('four');
  agent.say(userId, 'agent after');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'four');
  await expect(widget.message('agent after')).toBeVisible();

  expect(textsOf(agent.inbound('text', userId))).toEqual(['one', 'two', 'three', 'four']);
  for (const text of ['agent before', 'agent while away 1', 'agent while away 2', 'agent after']) {
    await expect(widget.message(text)).toHaveCount(1);
  }
  const agentOrder = (await widget.log.getByText(/^agent /).allTextContents()).filter((t) => t.startsWith('agent '));
  expect(agentOrder).toEqual(['agent before', 'agent while away 1', 'agent while away 2', 'agent after']);
  expect(agent.inbound('start', userId)).toHaveLength(1);
});

test('the connection dropped twice in a row while messages are in flight: still once each, in order', async ({ widget, agent, broker }) => {
  await widget.open();
  const userId = await widget.userId();
  await agent.waitForInbound('heartbeat', (e) => e.userId === userId);

  await widget.send('a');
  // Counted before the drop: sending 'b' reconnects at once (DESIGN §4.3), its heartbeat may come before the count.
  const beats = agent.inbound('heartbeat', userId).length;
  broker.dropCustomerSockets(userId);
  await widget.send('b');
  agent.say(userId, 'x1');
  // Wait for the widget to be back (a heartbeat after the drop), then drop again with messages in flight.
  await agent.waitForCount('heartbeat', userId, beats + 1, 10_000);
  await widget.send('c');
  broker.dropCustomerSockets(userId);
  agent.say(userId, 'x2');
  await widget.send('d');

  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'd', 15_000);
  await expect(widget.message('x2')).toBeVisible({ timeout: 15_000 });
  await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(0);
  await widget.send('e');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'e');

  expect(textsOf(agent.inbound('text', userId))).toEqual(['a', 'b', 'c', 'd', 'e']);
  await expect(widget.message('x1')).toHaveCount(1);
  await expect(widget.message('x2')).toHaveCount(1);
});

test('reload mid-conversation: same userId, no second start, history shown, a pending message delivered once', async ({
  widget,
  agent,
}) => {
  await widget.tapSocket();
  await widget.open();
  const userId = await widget.userId();
  await widget.send('before reload');
  agent.say(userId, 'agent before reload');
  await expect(widget.message('agent before reload')).toBeVisible();
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'before reload');

  // The socket stays up but what the widget writes is lost on the way (DESIGN §4.3: "a frame written just
  // before a connection dies is lost"): the message waits, unacknowledged, as "Sending…".
  widget.loseOutgoing(true);
  await widget.send('pending across reload');
  await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(1);
  agent.say(userId, 'agent while reloading');

  widget.loseOutgoing(false);
  await widget.page.reload();
  await widget.composer.waitFor();

  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'pending across reload', 10_000);
  await expect(widget.message('before reload')).toBeVisible();
  await expect(widget.message('agent before reload')).toBeVisible();
  await expect(widget.message('pending across reload')).toBeVisible();
  await expect(widget.message('agent while reloading')).toBeVisible();
  await expect(widget.log.getByText(widget.names.sending, { exact: true })).toHaveCount(0);

  // One more round trip, then count.
  await widget.send('after reload');
  agent.say(userId, 'agent after reload');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'after reload');
  await expect(widget.message('agent after reload')).toBeVisible();

  expect(agent.inbound('start')).toHaveLength(1);
  expect(new Set(agent.inbound(undefined).map((e) => e.userId))).toEqual(new Set([userId]));
  expect(textsOf(agent.inbound('text', userId))).toEqual(['before reload', 'pending across reload', 'after reload']);
  for (const text of ['before reload', 'agent before reload', 'pending across reload', 'agent while reloading', 'after reload', 'agent after reload']) {
    await expect(widget.message(text)).toHaveCount(1);
  }
});
