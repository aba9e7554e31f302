/**
 * Any frame in format 2, for those that write more than inbound events: the reference broker, the demo bot,
 * the agent console and tests. The widget writes only inbound events (`encode.ts`) and never bundles this.
 */
import type { AckFrame, Agent, ErrorFrame, InternalEvent, OutboundEvent, QuickReply, SermoEvent, UnknownEvent } from './events.ts';
import { INBOUND_FIELDS, pick, toFormat2, type FieldTable } from './encode.ts';

const OUTBOUND_FIELDS: FieldTable<OutboundEvent> = {
  // `attachments` as they are: the broker routes them untouched (DESIGN §4.4).
  text: ['text', 'agent', 'typing', 'imageId', 'quickReplies', 'format', 'attachments'],
  info: ['text'],
  queue_number: ['queueNumber', 'estimatedWaitSeconds'],
  typing_on: ['agent'],
  typing_off: ['agent'],
  platform_closed: ['text'],
  end_session: ['reasonText'],
  agent_done: ['text', 'agent'],
};

const INTERNAL_FIELDS: FieldTable<InternalEvent> = {
  handover_to_agent: ['agentId'],
  handover_to_queue: ['queueId'],
  claim_session: ['agentId'],
  customer_identified: ['brandId', 'customerId'],
  agent_done: [],
  application_heartbeat: ['available', 'name'],
};

const AGENT_FIELDS: readonly (keyof Agent)[] = ['id', 'name', 'type', 'avatarId', 'avatarUrl'];

function fieldsFor(event: SermoEvent): readonly string[] {
  switch (event.direction) {
    case 'inbound':
      return INBOUND_FIELDS[event.type];
    case 'outbound':
      return OUTBOUND_FIELDS[event.type];
    case 'internal':
      return INTERNAL_FIELDS[event.type];
  }
}

/** Format 2 with nested values rebuilt too, so only known fields reach the wire. */
function toWire(event: SermoEvent): Record<string, unknown> {
  const out = toFormat2(event, fieldsFor(event));
  const { agent, quickReplies } = out;
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

function fromUnknown(event: UnknownEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event.body, type: event.type, direction: event.direction };
  if (event.userId !== undefined) out.userId = event.userId;
  if (event.id !== undefined) out.id = event.id;
  else delete out.id;
  return out;
}
