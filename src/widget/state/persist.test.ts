import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../connection/memory-storage.ts';
import { createStore } from '../connection/storage.ts';
import { EMPTY_STATE } from './apply.ts';
import { SNAPSHOT_MESSAGES, loadSnapshot, saveSnapshot } from './persist.ts';
import type { ChatMessage } from './types.ts';

describe('saveSnapshot / loadSnapshot', () => {
  it('keeps the last messages only, with their unread marks', () => {
    const store = createStore(() => createMemoryStorage());
    const messages: ChatMessage[] = Array.from({ length: SNAPSHOT_MESSAGES + 5 }, (_, i) => ({
      kind: 'agent',
      key: `e${i + 1}`,
      at: i,
      text: `m${i + 1}`,
      agent: { name: 'Bot', human: false },
    }));
    const state = { ...EMPTY_STATE, messages, unread: ['e1', 'e205'], ended: 'agent' as const, queue: { position: 3, estimatedWaitSeconds: 90 } };
    saveSnapshot(store, { userId: 'u1', lastEventId: 205, nextKey: 4, state });
    const loaded = loadSnapshot(store, 'u1');
    expect(loaded?.state.messages).toHaveLength(SNAPSHOT_MESSAGES);
    expect(loaded?.state.messages[0]?.key).toBe('e6');
    expect(loaded?.state.unread).toEqual(['e205']);
    expect(loaded?.state.ended).toBe('agent');
    expect(loaded?.state.queue).toEqual({ position: 3, estimatedWaitSeconds: 90 });
    expect(loaded?.lastEventId).toBe(205);
    expect(loaded?.nextKey).toBe(4);
  });

  it('reads nothing for another conversation', () => {
    const store = createStore(() => createMemoryStorage());
    saveSnapshot(store, { userId: 'u1', lastEventId: 0, nextKey: 0, state: EMPTY_STATE });
    expect(loadSnapshot(store, 'u2')).toBeNull();
  });
});
