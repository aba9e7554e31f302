/**
 * Any frame in format 2, and inbound events in either format, for those that write more than a widget does: the
 * reference broker, the demo bot, the agent console and tests. The widget writes only inbound events, in the
 * one format its `protocol` chose (`encode.ts`, `format1.ts`), and never bundles this.
 */
import type { AckFrame, Agent, ErrorFrame, InboundEvent, InternalEvent, QuickReply, SermoEvent, UnknownEvent, WireFormat } from './events.ts';
import { encodeFormat2, pick, toFormat2 } from './encode.ts';
import { encodeInbound as encodeFormat1 } from './format1.ts';
import { INBOUND_READERS } from './read-inbound.ts';
import { OUTBOUND_READERS } from './read-outbound.ts';

/** The fields of event `E` written after `type`, `direction` and `userId`, and before `id`. */
type FieldsOf<E> = readonly Exclude<keyof E, 'type' | 'direction' | 'userId' | 'id'>[];
type FieldTable<U extends { type: string }> = { readonly [T in U['type']]: FieldsOf<Extract<U, { type: T }>> };

const INTERNAL_FIELDS: FieldTable<InternalEvent> = {
  handover_to_agent: ['agentId'],
  handover_to_queue: ['queueId'],
  claim_session: ['agentId'],
  customer_identified: ['brandId', 'customerId'],
  agent_done: [],
  application_heartbeat: ['available', 'name'],
};

const AGENT_FIELDS: readonly (keyof Agent)[] = ['id', 'name', 'type', 'avatarId', 'avatarUrl'];

/** Inbound and outbound events write the fields of their readers' rows; `attachments` as they are, as the broker routes them untouched (DESIGN §4.4). */
function fieldsFor(event: SermoEvent): readonly string[] {
  switch (event.direction) {
    case 'inbound':
      return Object.keys(INBOUND_READERS[event.type]);
    case 'outbound':
      return Object.keys(OUTBOUND_READERS[event.type]);
    case 'internal':
      return INTERNAL_FIELDS[event.type];
  }
}

/** Format 2 with nested values rebuilt too, so only known fields reach the wire. */
function toWire(event: SermoEvent): Record<string, unknown> {
  const out = toFormat2(event, fieldsFor(event));
  const { agent, quickReplies, params } = out;
  // Own string values only: `params` come from host-page query strings.
  if (typeof params === 'object' && params !== null) out.params = copyParams(params);
  if (typeof agent === 'object' && agent !== null) out.agent = pick(agent, AGENT_FIELDS);
  if (Array.isArray(quickReplies)) {
    const replyFields: readonly (keyof QuickReply)[] = ['type', 'text', 'payload'];
    out.quickReplies = quickReplies.map((reply: unknown) =>
      typeof reply === 'object' && reply !== null ? pick(reply, replyFields) : reply,
    );
  }
  return out;
}

/**
 * Any frame in format 2: what the broker sends and routes, what the demo bot and tests send. An
 * `UnknownEvent` is written from its `body`, with the wrapper's `type`, `direction`, `userId` and `id`
 * winning, so a broker can renumber an event it does not understand.
 */
export function encodeFrame(frame: SermoEvent | UnknownEvent | AckFrame | ErrorFrame): string {
  if ('unknown' in frame) return JSON.stringify(fromUnknown(frame));
  if (frame.type === 'ack') return JSON.stringify({ type: 'ack', id: frame.id });
  if (frame.type === 'error') return JSON.stringify({ type: 'error', reason: frame.reason });
  return JSON.stringify(toWire(frame));
}

/** An inbound event in either wire format (DESIGN §3 `protocol`, §4). */
export function encodeInbound(event: InboundEvent, format: WireFormat): string {
  return format === 1 ? encodeFormat1(event) : encodeFormat2(event);
}

function copyParams(params: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value;
  return out;
}

function fromUnknown(event: UnknownEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event.body, type: event.type, direction: event.direction };
  if (event.userId !== undefined) out.userId = event.userId;
  if (event.id !== undefined) out.id = event.id;
  else delete out.id;
  return out;
}
