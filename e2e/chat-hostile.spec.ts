/**
 * DESIGN §4 "anything else: ignored": garbage from the agent side changes nothing and breaks nothing.
 * Through the real broker (what an application can get past it: unknown types are routed on, wrong
 * optional fields are passed) and straight into the widget's socket (what a broken broker could send).
 */
import { expect, test } from './fixtures.ts';
import { DEFAULT_AGENT } from './support/chat-agent.ts';
import { collectErrors } from './support/page-errors.ts';


test('garbage through the broker: unknown types ignored, wrong types refused or treated as absent', async ({ widget, agent }) => {
  const errors = collectErrors(widget.page);
  await widget.open();
  const userId = await widget.userId();

  // Refused by the broker with an error to the application (required field of the wrong type, not JSON).
  agent.sendRaw(JSON.stringify({ type: 'text', direction: 'outbound', userId, text: 42 }));
  agent.sendRaw(JSON.stringify({ type: 'queue_number', direction: 'outbound', userId, queueNumber: 'three' }));
  agent.sendRaw('{"type": "text", "direction": "outbound", ');
  // Routed on to the widget, which must ignore it (seed 001: clients handle new events without breaking).
  agent.sendRaw(JSON.stringify({ type: 'poll', direction: 'outbound', userId, question: 'Rate us?', options: [1, 2, 3] }));
  agent.sendRaw(JSON.stringify({ type: 'end_session_v2', direction: 'outbound', userId }));
  // Optional fields of the wrong type are treated as absent: a plain message from the default agent, no delay.
  agent.sendRaw(
    JSON.stringify({ type: 'text', direction: 'outbound', userId, text: 'Plain text survives', agent: 'Anna', typing: 'slow', quickReplies: 'yes', imageId: 7 }),
  );
  agent.say(userId, 'Last one');

  await expect(widget.message('Last one')).toBeVisible();
  await expect(widget.message('Plain text survives')).toBeVisible();
  await expect(widget.rows).toHaveCount(2);
  await expect(widget.log.getByRole('img')).toHaveCount(0);
  await expect(widget.quickReplies).toHaveCount(0);
  await expect(widget.composer).toBeEnabled();
  await expect.poll(() => agent.frames.filter((f) => f.type === 'error').length).toBe(3);

  await widget.send('Still working');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Still working');
  expect(errors).toEqual([]);
});

test('garbage straight into the widget socket: counted and dropped, the widget keeps working', async ({ widget, agent }) => {
  const errors = collectErrors(widget.page);
  await widget.tapSocket();
  await widget.open();
  const userId = await widget.userId();

  const frames = [
    'not json',
    '',
    'null',
    '[1, 2, 3]',
    '"text"',
    '{}',
    '{"type": 42}',
    JSON.stringify({ type: 'text', direction: 'outbound', userId }), // required text missing
    JSON.stringify({ type: 'text', direction: 'outbound', userId, text: { html: '<b>x</b>' } }),
    JSON.stringify({ type: 'text', direction: 'outbound', userId: 'someone-else', text: 'For another customer' }),
    JSON.stringify({ type: 'text', direction: 'inbound', userId, text: 'An inbound echo' }),
    JSON.stringify({ type: 'queue_number', direction: 'outbound', userId, queueNumber: -1.5 }),
    JSON.stringify({ type: 'end_session', direction: 'outbound', userId: 12 }),
    JSON.stringify({ type: 'text', platform: 'webchat', user: { id: 'someone-else' }, text: 'seed 000 for another', raw: { message: 'seed 000 for another' } }),
    '{"type": "text", "direction": "outbound", "userId": "' + userId + '", "text": "proto", "__proto__": {"polluted": true}, "agent": {"__proto__": {"name": "x"}}}',
    `{"type": "text", "direction": "outbound", "userId": "${userId}", "text": "${'x'.repeat(70 * 1024)}"}`,
    '['.repeat(10_000) + ']'.repeat(10_000),
    JSON.stringify({ type: 'ack', id: 17 }),
    JSON.stringify({ type: 'error', reason: 'You are banned' }),
  ];
  for (const frame of frames) widget.inject(frame);
  agent.say(userId, 'The real message');

  await expect(widget.message('The real message')).toBeVisible();
  // Only "proto" could pass (its prototype keys are deleted, the rest is a valid text) besides the real one.
  const rows = await widget.rows.allTextContents();
  expect(rows.some((r) => r.includes('The real message'))).toBe(true);
  expect(rows.every((r) => r.includes('The real message') || r.includes('proto'))).toBe(true);
  for (const hidden of ['For another customer', 'An inbound echo', 'seed 000 for another', 'You are banned', 'polluted']) {
    await expect(widget.root.getByText(hidden)).toHaveCount(0);
  }
  await expect(widget.root.getByRole('status', { name: /in the queue/ })).toHaveCount(0);
  await expect(widget.composer).toBeEnabled();
  expect(await widget.page.evaluate(() => 'polluted' in Object.prototype)).toBe(false);

  await widget.send('Still here');
  await agent.waitForInbound('text', (e) => e.userId === userId && e.text === 'Still here');
  await expect(widget.log.getByText(widget.names.sending)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('an avatarUrl that is not http(s) is treated as absent: the default icon', async ({ widget, agent }) => {
  await widget.open();
  const userId = await widget.userId();
  agent.sendRaw(JSON.stringify({ type: 'text', direction: 'outbound', userId, text: 'Hello', agent: { ...DEFAULT_AGENT, avatarUrl: 'javascript:alert(1)' } }));
  await expect(widget.message('Hello')).toBeVisible();
  await expect(widget.log.locator('img[src^="javascript"]')).toHaveCount(0);
  const avatar = widget.log.getByText('Anna', { exact: true }).locator('xpath=preceding-sibling::*[1]');
  await expect(avatar).toHaveJSProperty('tagName', 'svg');
});
