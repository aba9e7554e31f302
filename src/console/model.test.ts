import { describe, expect, it } from 'vitest';
import type { SermoEvent } from '../protocol/events.ts';
import { applyEvent, byActivity, presenceLabel, shortId, type Conversations } from './model.ts';

const U = '3f2a9c1d-0000-4000-8000-000000000001';
const fold = (events: SermoEvent[], from: Conversations = new Map()) =>
  events.reduce<Conversations>((acc, e, i) => applyEvent(acc, e, 1000 * (i + 1)), from);
const one = (events: SermoEvent[]) => {
  const c = fold(events).get(U);
  if (!c) throw new Error('no conversation');
  return c;
};

describe('applyEvent: the customer', () => {
  it('opens a conversation on start, with its params', () => {
    const c = one([{ type: 'start', direction: 'inbound', userId: U, params: { queue: 'billing' } }]);
    expect(c).toMatchObject({ params: { queue: 'billing' }, presence: 'connected', entries: [{ kind: 'event', text: 'Conversation started (queue=billing)' }] });
  });

  it('shows the live draft and clears it when the message is sent', () => {
    const typing = one([{ type: 'typing_on', direction: 'inbound', userId: U, text: 'My router is bli', at: '2026-01-01T10:00:00Z' }]);
    expect(typing.draft).toBe('My router is bli');
    const sent = one([
      { type: 'typing_on', direction: 'inbound', userId: U, text: 'My router is bli', at: '2026-01-01T10:00:00Z' },
      { type: 'text', direction: 'inbound', userId: U, text: 'My router is blinking', quickReplyPayload: 'x' },
    ]);
    expect(sent).toMatchObject({ draft: '', unread: 1, entries: [{ kind: 'customer', text: 'My router is blinking', quickReplyPayload: 'x' }] });
  });

  it('records read state from messages_read', () => {
    const c = one([{ type: 'messages_read', direction: 'inbound', userId: U, text: 'read', at: '2026-01-01T10:00:00.000Z' }]);
    expect(c.readAt).toBe(Date.parse('2026-01-01T10:00:00.000Z'));
  });

  it('tracks presence through unload, heartbeat and client_left', () => {
    const unloaded = one([{ type: 'client_unload', direction: 'inbound', userId: U, at: 'x' }]);
    expect(unloaded.presence).toBe('unloaded');
    const back = one([
      { type: 'client_unload', direction: 'inbound', userId: U, at: 'x' },
      { type: 'heartbeat', direction: 'inbound', userId: U },
    ]);
    expect(back).toMatchObject({ presence: 'connected', lastHeartbeatAt: 2000 });
    const left = one([
      { type: 'client_left', direction: 'inbound', userId: U, text: 'bye', at: 'x' },
      { type: 'heartbeat', direction: 'inbound', userId: U },
    ]);
    expect(left.presence).toBe('left');
  });
});

describe('applyEvent: applications', () => {
  it('shows bot messages with their quick replies, and clears the queue once an agent writes', () => {
    const c = one([
      { type: 'text', direction: 'outbound', userId: U, text: 'Hi', agent: { id: 'bot', name: 'Nora' }, quickReplies: [{ type: 'postback', text: 'Invoice', payload: 'invoice' }] },
      { type: 'queue_number', direction: 'outbound', userId: U, queueNumber: 2, estimatedWaitSeconds: 90 },
      { type: 'text', direction: 'outbound', userId: U, text: 'Maja here', agent: { id: 'maja', name: 'Maja', type: 'human' } },
    ]);
    expect(c.entries.map((e) => [e.kind, e.author ?? '', e.text])).toEqual([
      ['bot', 'Nora', 'Hi'],
      ['event', '', 'Queue number 2, about 2 min'],
      ['agent', 'Maja', 'Maja here'],
    ]);
    expect(c.entries[0]?.quickReplies).toHaveLength(1);
    expect(c.queueNumber).toBeNull();
  });

  it('follows a claim until the agent is done', () => {
    const claimed = one([{ type: 'claim_session', direction: 'internal', userId: U, agentId: 'alex' }]);
    expect(claimed.claimedBy).toBe('alex');
    const done = one([
      { type: 'claim_session', direction: 'internal', userId: U, agentId: 'alex' },
      { type: 'agent_done', direction: 'internal', userId: U },
    ]);
    expect(done.claimedBy).toBeNull();
  });

  it('marks the conversation ended with its reason', () => {
    const c = one([{ type: 'end_session', direction: 'outbound', userId: U, reasonText: 'Thanks!' }]);
    expect(c).toMatchObject({ ended: true, entries: [{ text: 'Conversation ended: “Thanks!”' }] });
  });

  it('ignores application heartbeats and agent typing without changing identity', () => {
    const start = fold([{ type: 'start', direction: 'inbound', userId: U, params: {} }]);
    expect(applyEvent(start, { type: 'application_heartbeat', direction: 'internal', available: true }, 5)).toBe(start);
    expect(applyEvent(start, { type: 'typing_on', direction: 'outbound', userId: U }, 5)).toBe(start);
  });

  it('never mutates the previous state', () => {
    const before = fold([{ type: 'start', direction: 'inbound', userId: U, params: {} }]);
    const entries = before.get(U)?.entries;
    applyEvent(before, { type: 'text', direction: 'inbound', userId: U, text: 'hi' }, 9);
    expect(before.get(U)?.entries).toBe(entries);
    expect(entries).toHaveLength(1);
  });
});

describe('presenceLabel, byActivity, shortId', () => {
  it('says how long ago the last heartbeat was, and when it is stale', () => {
    const c = one([{ type: 'heartbeat', direction: 'inbound', userId: U }]);
    expect(presenceLabel(c, 4000)).toBe('Online, last heartbeat 3 s ago');
    expect(presenceLabel(c, 91_000)).toBe('Away, last heartbeat 2 min ago');
  });

  it('orders conversations by their latest activity', () => {
    const all = fold([
      { type: 'start', direction: 'inbound', userId: 'a', params: {} },
      { type: 'start', direction: 'inbound', userId: 'b', params: {} },
      { type: 'text', direction: 'inbound', userId: 'a', text: 'hi' },
    ]);
    expect(byActivity(all).map((c) => c.userId)).toEqual(['a', 'b']);
  });

  it('shortens a UUID to its first block', () => {
    expect(shortId(U)).toBe('3f2a9c1d');
  });
});
