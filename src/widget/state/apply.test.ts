import { describe, expect, it } from 'vitest';
import { EMPTY_STATE, applyEvent, withCustomerMessage, withDelivered, type ApplyContext } from './apply.ts';
import { EN_STATE_TEXTS } from './texts.ts';
import type { CustomerMessage } from './types.ts';

const ctx = (key: string): ApplyContext => ({ texts: EN_STATE_TEXTS, widgetBase: 'https://cdn.test/', imagesUrl: 'https://chat.test', now: 5, key });
const customer = (key: string, status: CustomerMessage['status']): CustomerMessage => ({ kind: 'customer', key, at: 1, text: key, status });

describe('applyEvent', () => {
  it('never changes the state it is given', () => {
    const before = EMPTY_STATE;
    const frozen = JSON.stringify(before);
    applyEvent(before, { type: 'text', direction: 'outbound', userId: 'u', text: 'x', agent: { id: 'a1' } }, ctx('e1'));
    applyEvent(before, { type: 'end_session', direction: 'outbound', userId: 'u' }, ctx('e2'));
    expect(JSON.stringify(before)).toBe(frozen);
  });

  it('keeps currentAgent the same object while the same agent writes, so its readers do not re-render', () => {
    const text = (name: string) => ({ type: 'text', direction: 'outbound', userId: 'u', text: 'x', agent: { id: 'a1', name } }) as const;
    const first = applyEvent(EMPTY_STATE, text('Anna'), ctx('e1'));
    const second = applyEvent(first, text('Anna'), ctx('e2'));
    expect(second.currentAgent).toBe(first.currentAgent);
    const third = applyEvent(second, text('Omar'), ctx('e3'));
    expect(third.currentAgent).toMatchObject({ name: 'Omar' });
  });

  it('returns the same state for a typing_off with nothing typing', () => {
    expect(applyEvent(EMPTY_STATE, { type: 'typing_off', direction: 'outbound', userId: 'u' }, ctx('l0'))).toBe(EMPTY_STATE);
  });
});

describe('withDelivered', () => {
  it('marks one customer message sent, and nothing else', () => {
    const state = withCustomerMessage(withCustomerMessage(EMPTY_STATE, customer('a', 'pending')), customer('b', 'pending'));
    const next = withDelivered(state, 'b');
    expect(next.messages.map((m) => m.kind === 'customer' && m.status)).toEqual(['pending', 'sent']);
    expect(withDelivered(next, 'b')).toBe(next);
    expect(withDelivered(next, 'missing')).toBe(next);
  });
});
