import { describe, expect, it } from 'vitest';
import { AGENT_DONE_TEXT, GOODBYE_REASON, STORE, step, type ConversationState, type ScriptAction, type ScriptContext, type ScriptInput } from './script.ts';
import { PAYLOAD } from './intents.ts';
import { DEFAULT_TIMINGS } from './timings.ts';

const ctx: ScriptContext = {
  userId: 'u1',
  timings: { ...DEFAULT_TIMINGS, botTypingMs: 10, queueStepMs: 100, queueStart: 3, agentTypingMs: 20, agentDoneMs: 30 },
  open: true,
  hoursLabel: 'Mon-Fri 08:00-20:00',
  imageId: 'img-1',
  publicUrl: 'http://localhost:8080',
};

/** Runs inputs in order and returns the last state and every action. */
function run(inputs: ScriptInput[], context: ScriptContext = ctx, from?: ConversationState) {
  let state = from;
  const actions: ScriptAction[] = [];
  for (const input of inputs) {
    const result = step(state, input, context);
    state = result.state;
    actions.push(...result.actions);
  }
  return { state, actions };
}

const sent = (actions: ScriptAction[]) => actions.flatMap((a) => (a.kind === 'send' ? [a.event] : []));
const types = (actions: ScriptAction[]) => sent(actions).map((e) => `${e.direction}:${e.type}`);
const start: ScriptInput = { kind: 'start', params: {} };
const text = (t: string, quickReplyPayload?: string): ScriptInput =>
  quickReplyPayload === undefined ? { kind: 'text', text: t } : { kind: 'text', text: t, quickReplyPayload };
const timer = (name: 'queue_step' | 'agent_intro' | 'agent_reply' | 'agent_leaves'): ScriptInput => ({ kind: 'timer', name });

describe('step: the bot', () => {
  it('greets a new conversation with typing, the bot avatar and three quick replies', () => {
    const { state, actions } = run([start]);
    expect(state?.phase).toBe('bot');
    expect(sent(actions)).toEqual([
      expect.objectContaining({
        type: 'text',
        direction: 'outbound',
        userId: 'u1',
        typing: 10,
        agent: { id: 'bot', name: 'Nora', avatarId: 'bot' },
        quickReplies: [
          { type: 'postback', text: 'Invoice', payload: 'invoice' },
          { type: 'postback', text: 'Technical problem', payload: 'technical' },
          { type: 'postback', text: 'Talk to a person', payload: 'person' },
        ],
      }),
    ]);
  });

  it('mentions billing when the conversation starts with queue=billing', () => {
    const { actions } = run([{ kind: 'start', params: { queue: 'billing' } }]);
    expect(sent(actions)[0]).toMatchObject({ text: expect.stringContaining('billing') });
  });

  it('answers a technical problem with the router picture and two quick replies', () => {
    const { actions } = run([start, text('Technical problem', PAYLOAD.technical)]);
    expect(sent(actions)[1]).toMatchObject({
      type: 'text',
      imageId: 'img-1',
      quickReplies: [{ payload: 'fixed' }, { payload: 'not_fixed' }],
    });
  });

  it('sends the technical answer without an image when the upload failed', () => {
    const { actions } = run([start, text('router broken')], { ...ctx, imageId: undefined });
    expect(sent(actions)[1]).not.toHaveProperty('imageId');
  });

  it('answers an invoice question in markdown with a link card to the help page, and offers a person or a farewell', () => {
    const { actions } = run([start, text('Invoice', PAYLOAD.invoice)]);
    expect(sent(actions)[1]).toMatchObject({
      text: expect.stringContaining('**399 kr**'),
      format: 'markdown',
      attachments: [{ type: 'link', url: 'http://localhost:8080/#invoices', title: 'Invoices and payments' }],
      quickReplies: [{ payload: 'person' }, { payload: 'bye' }],
    });
  });

  it('shows the menu again for a message it does not understand', () => {
    const { state, actions } = run([start, text('what is the weather?')]);
    expect(state?.phase).toBe('bot');
    expect(sent(actions)[1]).toMatchObject({ quickReplies: [{ payload: 'invoice' }, { payload: 'technical' }, { payload: 'person' }] });
  });

  it('ends the conversation with a reason when the customer says goodbye', () => {
    const { state, actions } = run([start, text('ok, hej då')]);
    expect(state?.phase).toBe('ended');
    expect(sent(actions)[1]).toEqual({ type: 'end_session', direction: 'outbound', userId: 'u1', reasonText: GOODBYE_REASON });
  });

  it('says nothing once the conversation has ended', () => {
    const { actions } = run([start, text('bye'), text('hello?')]);
    expect(types(actions)).toEqual(['outbound:text', 'outbound:end_session']);
  });
});

describe('step: the queue and the played agent', () => {
  const handedOver = () => run([start, text('Technical problem', PAYLOAD.technical), text('Still not working', PAYLOAD.notFixed)]);

  it('hands over to the queue with an info line and a queue number with its estimated wait', () => {
    const { state, actions } = handedOver();
    expect(state).toMatchObject({ phase: 'queued', queuePosition: 3, queueId: 'technical' });
    expect(types(actions).slice(2)).toEqual(['outbound:text', 'outbound:info', 'internal:handover_to_queue', 'outbound:queue_number']);
    expect(sent(actions)).toContainEqual({ type: 'handover_to_queue', direction: 'internal', userId: 'u1', queueId: 'technical' });
    expect(sent(actions)).toContainEqual({ type: 'queue_number', direction: 'outbound', userId: 'u1', queueNumber: 3, estimatedWaitSeconds: 135 });
    expect(actions.at(-1)).toEqual({ kind: 'schedule', name: 'queue_step', ms: 100 });
  });

  it('counts the queue down, then plays an agent who types, introduces herself and answers', () => {
    const queued = handedOver().state;
    const { state, actions } = run([timer('queue_step'), timer('queue_step'), timer('queue_step'), timer('agent_intro')], ctx, queued);
    expect(sent(actions).filter((e) => e.type === 'queue_number').map((e) => e.type === 'queue_number' && e.queueNumber)).toEqual([2, 1]);
    expect(types(actions).slice(2)).toEqual(['outbound:typing_on', 'outbound:typing_off', 'outbound:text']);
    expect(sent(actions).at(-1)).toMatchObject({
      agent: { id: 'maja.lind', name: 'Maja', type: 'human', avatarUrl: 'http://localhost:8080/demo/agents/maja.svg' },
    });
    expect(state?.phase).toBe('agent');

    const answer = run([text('All lights are red'), timer('agent_reply'), timer('agent_leaves')], ctx, state);
    expect(types(answer.actions)).toEqual([
      'outbound:typing_on',
      'outbound:typing_off',
      'outbound:text',
      'outbound:agent_done',
      'internal:agent_done',
    ]);
    // DESIGN §4.4: the technical answer points to the store with a location card.
    expect(sent(answer.actions)[2]).toMatchObject({ attachments: [STORE] });
    expect(sent(answer.actions)[3]).toMatchObject({ text: AGENT_DONE_TEXT });
    expect(answer.state?.phase).toBe('agent_done');
  });

  it('stays silent while the customer waits in the queue', () => {
    const { actions } = run([text('hello?')], ctx, handedOver().state);
    expect(actions).toEqual([]);
  });

  it('puts a returning customer first in line after agent_done (seed 001)', () => {
    const { state, actions } = run([{ kind: 'agent_done' }, text('One more question')], ctx, handedOver().state);
    expect(types(actions)).toEqual(['outbound:info', 'internal:handover_to_queue', 'outbound:queue_number']);
    expect(sent(actions)[2]).toMatchObject({ queueNumber: 1 });
    expect(state).toMatchObject({ phase: 'queued', queuePosition: 1 });
  });

  it('ends the conversation when a returning customer only says thanks', () => {
    const { state } = run([{ kind: 'agent_done' }, text('tack!')], ctx, handedOver().state);
    expect(state?.phase).toBe('ended');
  });
});

describe('step: other applications and the customer leaving', () => {
  it('stops answering, and cancels its timers, once the conversation is claimed', () => {
    const queued = run([start, text('person')]).state;
    const claimed = run([{ kind: 'claimed' }], ctx, queued);
    expect(claimed.actions).toEqual([{ kind: 'cancel_timers' }]);
    const later = run([timer('queue_step'), text('hello'), text('bye')], ctx, claimed.state);
    expect(later.actions).toEqual([]);
  });

  it('takes the conversation back after the claiming agent is done', () => {
    const claimed = run([start, text('person'), { kind: 'claimed' }, { kind: 'agent_done' }]).state;
    expect(types(run([text('hi again')], ctx, claimed).actions)).toContain('outbound:queue_number');
  });

  it('forgets the conversation when the customer leaves', () => {
    const { state, actions } = run([start, { kind: 'client_left' }]);
    expect(state).toBeUndefined();
    expect(actions.at(-1)).toEqual({ kind: 'cancel_timers' });
  });

  it('ignores a stale timer after the phase moved on', () => {
    const { actions } = run([start, timer('agent_reply'), timer('queue_step')]);
    expect(types(actions)).toEqual(['outbound:text']);
  });
});

describe('step: opening hours', () => {
  const closed = { ...ctx, open: false };

  it('answers a start outside opening hours with platform_closed and the hours', () => {
    const { state, actions } = run([start], closed);
    expect(state?.phase).toBe('closed');
    expect(types(actions)).toEqual(['outbound:platform_closed', 'outbound:info']);
    expect(sent(actions)[1]).toMatchObject({ text: expect.stringContaining('Mon-Fri 08:00-20:00') });
  });

  it('answers again when the chat has opened since', () => {
    const { state } = run([start], closed);
    expect(types(run([text('router')], ctx, state).actions)).toEqual(['outbound:text']);
  });
});
