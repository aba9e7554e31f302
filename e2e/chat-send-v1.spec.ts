/**
 * DESIGN §4 "With protocol=1": the same events written in seed 000's shape. The reference broker normalises
 * them to format 2 for applications, so the agent sees the same fields as in chat-send.spec.ts; the frames
 * themselves are checked as they leave the page.
 */
import { expect, test } from './fixtures.ts';
import { MAX_FRAME_BYTES, parseJsonObject, type WireRecord } from '../src/protocol/index.ts';
import { defineSendTests, ISO_UTC, UUID } from './support/chat-send-cases.ts';

defineSendTests(1);

test('protocol=1 frames on the wire have seed 000 shape: platform, text, user.id, raw, top-level id', async ({ widget, agent }) => {
  const sent: WireRecord[] = [];
  widget.page.on('websocket', (ws) =>
    ws.on('framesent', (frame) => {
      const parsed = parseJsonObject(String(frame.payload), MAX_FRAME_BYTES);
      sent.push(parsed.ok ? parsed.value : { unreadable: String(frame.payload) });
    }),
  );
  await widget.open({ protocol: 1, params: { queue: 'billing' } });
  const userId = await widget.userId();
  await widget.send('Hej');
  await agent.waitForInbound('text', (e) => e.userId === userId);
  await widget.endChat();
  await agent.waitForInbound('client_left', (e) => e.userId === userId);

  const byType = (type: string) => sent.find((f) => f['type'] === type);
  const head = { platform: 'webchat', user: { id: userId }, id: expect.stringMatching(UUID) };
  expect(byType('start')).toEqual({ type: 'start', ...head, text: '', raw: { params: { queue: 'billing' } } });
  expect(byType('heartbeat')).toEqual({ type: 'heartbeat', ...head, text: 'beat', raw: {} });
  expect(byType('text')).toEqual({ type: 'text', ...head, text: 'Hej', raw: { text: 'Hej', type: 'text', platformId: 'webchat' } });
  // Playwright reports a frame sent just before the socket closes a moment after the broker relays it.
  await expect.poll(() => byType('client_left')).toEqual({
    type: 'client_left', ...head, text: 'The customer has closed the chat.', raw: { to: userId, at: expect.stringMatching(ISO_UTC) },
  });
  for (const frame of sent) expect(frame).not.toHaveProperty('direction');
});
