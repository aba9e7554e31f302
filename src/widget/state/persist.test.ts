import { describe, expect, it } from 'vitest';
import { encodeInbound } from '../../protocol/index.ts';
import { createMemoryStorage } from '../connection/memory-storage.ts';
import { createStore } from '../connection/storage.ts';
import { EMPTY_STATE } from './apply.ts';
import { SNAPSHOT_KEY, SNAPSHOT_MESSAGES, loadSnapshot, saveSnapshot, transcriptLine } from './persist.ts';
import { STATE_TEXTS } from './texts.ts';

const ctx = { texts: STATE_TEXTS.en, widgetBase: 'https://cdn.test/', imagesUrl: 'https://chat.test' };
const NONE: ReadonlySet<string> = new Set();
const outbound = (type: string, fields: Record<string, unknown>, userId = 'u1') =>
  JSON.stringify({ type, direction: 'outbound', userId, ...fields });
const agentText = (id: number) => outbound('text', { text: `m${id}`, agent: { id: 'bot', name: 'Bot' }, id });

describe('saveSnapshot / loadSnapshot', () => {
  it('keeps the last frames only, replayed, with their unread marks and the resume point', () => {
    const store = createStore(() => createMemoryStorage());
    const lines = Array.from({ length: SNAPSHOT_MESSAGES + 3 }, (_, i) => transcriptLine(i, `e${i + 1}`, agentText(i + 1)));
    lines.push(transcriptLine(300, 'e204', outbound('end_session', { reasonText: 'Tack!', id: 204 })));
    const unread = ['e1', 'e203', 'e204'];
    saveSnapshot(store, { userId: 'u1', lastEventId: 205, nextKey: 4, state: { ...EMPTY_STATE, unread }, lines });
    expect(lines).toHaveLength(SNAPSHOT_MESSAGES);
    const loaded = loadSnapshot(store, 'u1', ctx, NONE);
    const messages = loaded?.state.messages ?? [];
    expect(messages).toHaveLength(SNAPSHOT_MESSAGES);
    expect(messages[0]).toEqual({ kind: 'agent', key: 'e5', at: 4, text: 'm5', agent: { name: 'Bot', human: false } });
    expect(messages.at(-1)).toEqual({ kind: 'system', key: 'e204', at: 300, text: 'Tack!', tone: 'ended' });
    // Replay marks every agent text unread; only those marked when saved stay so.
    expect(loaded?.state.unread).toEqual(['e203']);
    expect(loaded?.state.ended).toBe('agent');
    expect(loaded?.lastEventId).toBe(205);
    expect(loaded?.nextKey).toBe(4);
    expect(loaded?.lines).toEqual(lines);
  });

  it('restores the queue, quick replies and the customer texts, pending while in the outbox', () => {
    const store = createStore(() => createMemoryStorage());
    const reply = { type: 'postback', text: 'A', payload: 'a' };
    const text = { type: 'text', direction: 'inbound', userId: 'u1', id: 'c1', text: 'photo', imageId: 'i1' } as const;
    const lines = [
      transcriptLine(1, 'l0', outbound('queue_number', { queueNumber: 3, estimatedWaitSeconds: 90 })),
      transcriptLine(2, 'l1', outbound('text', { text: 'Pick', quickReplies: [reply] })),
    ];
    saveSnapshot(store, { userId: 'u1', lastEventId: 0, nextKey: 2, state: EMPTY_STATE, lines });
    expect(loadSnapshot(store, 'u1', ctx, NONE)?.state).toMatchObject({ queue: { position: 3, estimatedWaitSeconds: 90 }, quickReplies: [reply] });
    lines.push(transcriptLine(3, 'c1', encodeInbound(text, 2)), transcriptLine(4, 'c2', encodeInbound({ ...text, id: 'c2', text: 'more' }, 2)));
    saveSnapshot(store, { userId: 'u1', lastEventId: 0, nextKey: 2, state: EMPTY_STATE, lines });
    // c2 is still in the outbox: pending; c1 left it: delivered.
    const loaded = loadSnapshot(store, 'u1', ctx, new Set(['c2']));
    expect(loaded?.state.quickReplies).toEqual([]);
    expect(loaded?.state.messages.slice(-2)).toEqual([
      { kind: 'customer', key: 'c1', at: 3, text: 'photo', status: 'sent', imageUrl: 'https://chat.test/images/i1' },
      { kind: 'customer', key: 'c2', at: 4, text: 'more', status: 'pending', imageUrl: 'https://chat.test/images/i1' },
    ]);
  });

  it('reads nothing for another conversation', () => {
    const store = createStore(() => createMemoryStorage());
    saveSnapshot(store, { userId: 'u1', lastEventId: 7, nextKey: 0, state: EMPTY_STATE, lines: [transcriptLine(1, 'e7', agentText(7))] });
    expect(loadSnapshot(store, 'u2', ctx, NONE)).toBeNull();
  });

  it('skips lines that do not read back, and reads nothing when the head does not', () => {
    const store = createStore(() => createMemoryStorage());
    const good = transcriptLine(1, 'e1', agentText(1));
    const lines = [
      good,
      '1 e2 {not json',
      transcriptLine(1, 'e3', outbound('text', { text: 'not mine', id: 3 }, 'u2')),
      `x e4 ${agentText(4)}`,
      transcriptLine(1, 'e5', outbound('text', { text: 7, id: 5 })),
      transcriptLine(1, 'e6', outbound('text', { text: 'ok', agent: { id: 'a1', name: 'A', avatarUrl: 'javascript:x' }, id: 6 })),
    ];
    store.set(SNAPSHOT_KEY, ['u1 6 0', ...lines].join('\n'));
    const loaded = loadSnapshot(store, 'u1', ctx, NONE);
    expect(loaded?.state.messages.map((m) => m.key)).toEqual(['e1', 'e6']);
    expect(loaded?.state.messages[1]).toMatchObject({ agent: { name: 'A', human: true } });
    expect(loaded?.state.messages[1]).not.toHaveProperty('agent.avatarUrl');
    expect(loaded?.lines).toEqual([good, lines[5]]);
    for (const head of ['u1 x 0', 'u1 1', '{"v":1}', '']) {
      store.set(SNAPSHOT_KEY, [head, good].join('\n'));
      expect(loadSnapshot(store, 'u1', ctx, NONE)).toBeNull();
    }
  });

  it('keeps a frame written over several lines on one, and line separators inside its strings', () => {
    expect(transcriptLine(1, 'e1', '{\n  "type": "text"\r\n}')).toBe('1 e1 {   "type": "text"\r }');
    const store = createStore(() => createMemoryStorage());
    const frame = `{\n"type": "text", "direction": "outbound", "userId": "u1", "text": "a\u2028b\u2029c", "id": 1\r\n}`;
    saveSnapshot(store, { userId: 'u1', lastEventId: 1, nextKey: 0, state: EMPTY_STATE, lines: [transcriptLine(1, 'e1', frame)] });
    expect(loadSnapshot(store, 'u1', ctx, NONE)?.state.messages.map((m) => m.text)).toEqual(['a\u2028b\u2029c']);
  });
});
