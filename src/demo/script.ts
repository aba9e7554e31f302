/**
 * The demo bot's script: what "Nora", Nordlink Broadband's assistant, answers to what. Pure: a step takes
 * one conversation's state and one input, and returns the new state plus actions (frames to send, timers
 * to start or cancel). The socket, the clock and the timers live in `bot.ts`.
 *
 * A conversation goes bot -> queued -> agent (the bot playing "Maja", a human agent) -> agent_done, and a
 * returning customer goes back to the queue, first in line (seed 001, "Customer returns after agent closed
 * session"). A `claim_session` from the console moves it to `claimed`: the bot is silent from then on,
 * until an `agent_done` hands it back.
 */
import type { Agent, InternalEvent, OutboundEvent, QuickReply, TextOutbound } from '../protocol/events.ts';
import { classify, PAYLOAD } from './intents.ts';
import type { BotTimings } from './timings.ts';

export type Phase = 'bot' | 'closed' | 'queued' | 'agent' | 'claimed' | 'agent_done' | 'ended';

export interface ConversationState {
  phase: Phase;
  /** While `queued`: the position last sent. */
  queuePosition: number;
  /** Which queue the bot handed over to (seed 001 `handover_to_queue.queueId`). */
  queueId: QueueId;
}

export type QueueId = 'technical' | 'billing';

/** Timers a conversation can have; starting one replaces the one of the same name. */
export type TimerName = 'queue_step' | 'agent_intro' | 'agent_reply' | 'agent_leaves';

/** What the script reacts to, already narrowed from wire events by `bot.ts`. */
export type ScriptInput =
  | { kind: 'start'; params: Readonly<Record<string, string>> }
  | { kind: 'text'; text: string; quickReplyPayload?: string }
  | { kind: 'client_left' }
  /** Another application took the conversation (`claim_session`, or a human agent wrote). */
  | { kind: 'claimed' }
  /** An agent closed their part (seed 001 internal, or seed 000 outbound `agent_done`). */
  | { kind: 'agent_done' }
  /** Another application ended the conversation (`end_session`). */
  | { kind: 'ended' }
  | { kind: 'timer'; name: TimerName };

export type ScriptAction =
  | { kind: 'send'; event: OutboundEvent | InternalEvent }
  | { kind: 'schedule'; name: TimerName; ms: number }
  /** Cancel every timer of this conversation. */
  | { kind: 'cancel_timers' };

export interface ScriptContext {
  userId: string;
  timings: BotTimings;
  /** Opening hours allow a chat right now. */
  open: boolean;
  /** e.g. "Mon-Fri 08:00-20:00", for the closed notice. */
  hoursLabel: string;
  /** The uploaded router picture, when the upload worked. */
  imageId: string | undefined;
  /** Origin the customer's browser reaches the broker at, for the agent's `avatarUrl`. */
  publicUrl: string;
}

export interface StepResult {
  /** `undefined`: forget the conversation. */
  state: ConversationState | undefined;
  actions: ScriptAction[];
}

/** The bot: `avatarId` resolves to the widget's `avatars/bot.svg` (DESIGN §4). */
export const BOT_AGENT: Agent = { id: 'bot', name: 'Nora', avatarId: 'bot' };
/** The agent the bot plays when nobody claims the conversation in time. */
export const PLAYED_AGENT_ID = 'maja.lind';
const QUEUE_NAMES: Record<QueueId, string> = { technical: 'Technical support', billing: 'Billing' };
/** A made-up but plausible wait per position in the queue. */
const SECONDS_PER_POSITION = 45;

export const GOODBYE_REASON = 'Thanks for contacting Nordlink Broadband. Have a nice day!';
export const AGENT_DONE_TEXT =
  'Maja has left the chat. If anything is still unclear, just write another message here and we will pick up where we left off.';

const reply = (text: string, payload: string): QuickReply => ({ type: 'postback', text, payload });
const MENU: QuickReply[] = [
  reply('Invoice', PAYLOAD.invoice),
  reply('Technical problem', PAYLOAD.technical),
  reply('Talk to a person', PAYLOAD.person),
];

/** DESIGN §4 and §4.4: what a text may carry beside its words. */
type RichExtras = Pick<TextOutbound, 'format' | 'attachments'>;

/** DESIGN §4.4: the store Maja sends customers to, as a location card. */
export const STORE = { type: 'location', latitude: 59.3326, longitude: 18.0649, name: 'Nordlink store', address: 'Sergels torg 12, Stockholm' } as const;

const fresh = (): ConversationState => ({ phase: 'bot', queuePosition: 0, queueId: 'technical' });

/** One step of the script for one conversation. */
export function step(state: ConversationState | undefined, input: ScriptInput, ctx: ScriptContext): StepResult {
  const s = state ?? fresh();
  const out = new Outbox(ctx);

  switch (input.kind) {
    case 'start':
      return greet(input.params, out, ctx);

    case 'client_left':
      out.cancelTimers();
      return { state: undefined, actions: out.actions };

    case 'ended':
      out.cancelTimers();
      return { state: { ...s, phase: 'ended' }, actions: out.actions };

    case 'claimed':
      out.cancelTimers();
      return { state: { ...s, phase: 'claimed' }, actions: out.actions };

    case 'agent_done':
      out.cancelTimers();
      return { state: { ...s, phase: 'agent_done' }, actions: out.actions };

    case 'timer':
      return onTimer(s, input.name, out, ctx);

    case 'text':
      return onText(s, input.text, input.quickReplyPayload, out, ctx);
  }
}

function greet(params: Readonly<Record<string, string>>, out: Outbox, ctx: ScriptContext): StepResult {
  if (!ctx.open) return closed(out, ctx);
  const billing = params['queue'] === 'billing';
  out.bot(
    billing
      ? 'Hi! I am Nora, Nordlink’s digital assistant. I see you have a question about billing. What can I help you with?'
      : 'Hi! I am Nora, Nordlink’s digital assistant. What can I help you with today?',
    { quickReplies: MENU },
  );
  return { state: { ...fresh(), queueId: billing ? 'billing' : 'technical' }, actions: out.actions };
}

function closed(out: Outbox, ctx: ScriptContext): StepResult {
  out.send({ type: 'platform_closed', direction: 'outbound', userId: ctx.userId });
  out.send({
    type: 'info',
    direction: 'outbound',
    userId: ctx.userId,
    text: `Our chat is open ${ctx.hoursLabel}. Leave a message and we will get back to you when we open.`,
  });
  return { state: { ...fresh(), phase: 'closed' }, actions: out.actions };
}

function onText(
  s: ConversationState,
  text: string,
  payload: string | undefined,
  out: Outbox,
  ctx: ScriptContext,
): StepResult {
  // Claimed: a person in the console answers. Ended: the widget has disabled its composer anyway.
  if (s.phase === 'claimed' || s.phase === 'ended') return { state: s, actions: [] };
  if (!ctx.open) return closed(out, ctx);

  const intent = classify(text, payload);
  if (intent === 'bye') {
    out.cancelTimers();
    out.send({ type: 'end_session', direction: 'outbound', userId: ctx.userId, reasonText: GOODBYE_REASON });
    return { state: { ...s, phase: 'ended' }, actions: out.actions };
  }

  switch (s.phase) {
    case 'queued':
      // The customer waits for a person; the bot does not talk over the queue.
      return { state: s, actions: [] };

    case 'agent':
      out.agentTyping(true);
      out.schedule('agent_reply', ctx.timings.agentTypingMs);
      return { state: s, actions: out.actions };

    case 'agent_done':
      // seed 001: the returning customer "is put into the queue first in line".
      out.info('Welcome back! You are first in line: an agent will be with you shortly.');
      return enqueue(s, 1, out, ctx);

    case 'closed':
    case 'bot':
      break;
  }

  switch (intent) {
    case 'invoice':
      out.bot(
        'Your latest invoice is **399 kr** for Fibre 250, due on *the 28th*. You find every invoice, with its invoice number, under **My pages → Invoices**.',
        {
          quickReplies: [reply('Talk to a person', PAYLOAD.person), reply('Thanks, that’s all', PAYLOAD.bye)],
          format: 'markdown',
          // DESIGN §4.4: a link card to the help page.
          attachments: [{ type: 'link', url: `${ctx.publicUrl}/#invoices`, title: 'Invoices and payments', description: 'Due dates, payment options and how to read your invoice.' }],
        },
      );
      return { state: { ...s, phase: 'bot', queueId: 'billing' }, actions: out.actions };

    case 'technical': {
      const options = { quickReplies: [reply('It works now', PAYLOAD.fixed), reply('Still not working', PAYLOAD.notFixed)] };
      out.bot(
        'Let’s try the quickest fix first: unplug your router, wait 10 seconds and plug it back in. When it is ready, the lights look like this:',
        ctx.imageId === undefined ? options : { ...options, imageId: ctx.imageId },
      );
      return { state: { ...s, phase: 'bot', queueId: 'technical' }, actions: out.actions };
    }

    case 'fixed':
      out.bot('Great, glad it works again! Anything else I can help with?', { quickReplies: MENU });
      return { state: { ...s, phase: 'bot' }, actions: out.actions };

    case 'not_fixed':
    case 'person':
      out.bot('I will connect you with one of my human colleagues.', {});
      out.info(`You have been placed in the queue "${QUEUE_NAMES[s.queueId]}".`);
      return enqueue(s, ctx.timings.queueStart, out, ctx);

    case 'unknown':
      out.bot('Sorry, I am a simple demo bot. Choose one of these, or write “person” to talk to someone.', {
        quickReplies: MENU,
      });
      return { state: { ...s, phase: 'bot' }, actions: out.actions };
  }
}

/** seed 001 standard scenario, steps 6-8: handover_to_queue, then queue_number counting down. */
function enqueue(s: ConversationState, position: number, out: Outbox, ctx: ScriptContext): StepResult {
  out.send({ type: 'handover_to_queue', direction: 'internal', userId: ctx.userId, queueId: s.queueId });
  out.queueNumber(position);
  out.schedule('queue_step', ctx.timings.queueStepMs);
  return { state: { ...s, phase: 'queued', queuePosition: position }, actions: out.actions };
}

function onTimer(s: ConversationState, name: TimerName, out: Outbox, ctx: ScriptContext): StepResult {
  switch (name) {
    case 'queue_step': {
      if (s.phase !== 'queued') return { state: s, actions: [] };
      if (s.queuePosition > 1) {
        out.queueNumber(s.queuePosition - 1);
        out.schedule('queue_step', ctx.timings.queueStepMs);
        return { state: { ...s, queuePosition: s.queuePosition - 1 }, actions: out.actions };
      }
      // Nobody claimed the conversation in time: the bot plays a human agent.
      out.agentTyping(true);
      out.schedule('agent_intro', ctx.timings.agentTypingMs);
      return { state: { ...s, phase: 'agent', queuePosition: 0 }, actions: out.actions };
    }

    case 'agent_intro':
      if (s.phase !== 'agent') return { state: s, actions: [] };
      out.agentTyping(false);
      out.agent(
        s.queueId === 'billing'
          ? 'Hi, Maja here from Nordlink billing. How can I help you with your invoice?'
          : 'Hi, Maja here from Nordlink technical support. I can see your line dropped a few times this morning. What do the lights on your router show?',
      );
      return { state: s, actions: out.actions };

    case 'agent_reply':
      if (s.phase !== 'agent') return { state: s, actions: [] };
      out.agentTyping(false);
      out.agent(
        s.queueId === 'billing'
          ? 'Thanks! I have made a note on your account and you will get a corrected invoice by email within a day.'
          : 'Thanks! I have reset your line from our side. Give the router two minutes and it should be back to full speed. If it is still slow tomorrow, bring it to our store and we swap it on the spot.',
        s.queueId === 'billing' ? {} : { attachments: [STORE] },
      );
      out.schedule('agent_leaves', ctx.timings.agentDoneMs);
      return { state: s, actions: out.actions };

    case 'agent_leaves':
      if (s.phase !== 'agent') return { state: s, actions: [] };
      // The customer sees seed 000's outbound agent_done line; other applications get seed 001's internal one.
      out.send({ type: 'agent_done', direction: 'outbound', userId: ctx.userId, text: AGENT_DONE_TEXT, agent: { id: 'system', name: 'Info' } });
      out.send({ type: 'agent_done', direction: 'internal', userId: ctx.userId });
      return { state: { ...s, phase: 'agent_done' }, actions: out.actions };
  }
}

/** Collects a step's actions, with the event shapes spelt once. */
class Outbox {
  readonly actions: ScriptAction[] = [];
  constructor(private readonly ctx: ScriptContext) {}

  send(event: OutboundEvent | InternalEvent): void {
    this.actions.push({ kind: 'send', event });
  }

  schedule(name: TimerName, ms: number): void {
    this.actions.push({ kind: 'schedule', name, ms });
  }

  cancelTimers(): void {
    this.actions.push({ kind: 'cancel_timers' });
  }

  bot(text: string, extra: { quickReplies?: QuickReply[]; imageId?: string } & RichExtras): void {
    this.send({
      type: 'text',
      direction: 'outbound',
      userId: this.ctx.userId,
      text,
      typing: this.ctx.timings.botTypingMs,
      agent: BOT_AGENT,
      ...extra,
    });
  }

  agent(text: string, extra: RichExtras = {}): void {
    this.send({ type: 'text', direction: 'outbound', userId: this.ctx.userId, text, agent: this.playedAgent(), ...extra });
  }

  agentTyping(on: boolean): void {
    this.send({ type: on ? 'typing_on' : 'typing_off', direction: 'outbound', userId: this.ctx.userId, agent: this.playedAgent() });
  }

  info(text: string): void {
    this.send({ type: 'info', direction: 'outbound', userId: this.ctx.userId, text });
  }

  queueNumber(position: number): void {
    this.send({
      type: 'queue_number',
      direction: 'outbound',
      userId: this.ctx.userId,
      queueNumber: position,
      estimatedWaitSeconds: position * SECONDS_PER_POSITION,
    });
  }

  private playedAgent(): Agent {
    return { id: PLAYED_AGENT_ID, name: 'Maja', type: 'human', avatarUrl: `${this.ctx.publicUrl}/demo/agents/maja.svg` };
  }
}
