/**
 * Typed events -> wire JSON. Format 2 is seed 001's shape plus the DESIGN §4.3 extensions (`id`,
 * `lastEventId`); format 1 is seed 000's shape exactly as DESIGN §4 "With protocol=1" lays it out.
 *
 * Only the fields listed for each type are written, in a fixed order (`type`, `direction`, `userId`, fields,
 * `id`), so a runtime extra on an event object never leaks onto the wire. The tables are typed against
 * `events.ts`: a misspelt field, or a new event type without a row, does not compile.
 */
import type {
  AckFrame,
  Agent,
  ErrorFrame,
  InboundEvent,
  InternalEvent,
  OutboundEvent,
  QuickReply,
  SermoEvent,
  UnknownEvent,
  WireFormat,
} from './events.ts';

/** The fields of event `E` written after `type`, `direction` and `userId`, and before `id`. */
type FieldsOf<E> = readonly Exclude<keyof E, 'type' | 'direction' | 'userId' | 'id'>[];
type FieldTable<U extends { type: string }> = { readonly [T in U['type']]: FieldsOf<Extract<U, { type: T }>> };

// `image` (seed 000 inline data URL) is not part of seed 001, so format 2 never writes it.
const INBOUND_FIELDS: FieldTable<InboundEvent> = {
  start: ['params'],
  text: ['text', 'quickReplyPayload', 'imageId'],
  typing_on: ['text', 'at'],
  heartbeat: ['lastEventId'],
  messages_read: ['text', 'at'],
  client_left: ['text', 'at'],
  client_unload: ['at'],
};

const OUTBOUND_FIELDS: FieldTable<OutboundEvent> = {
  text: ['text', 'agent', 'typing', 'imageId', 'quickReplies'],
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

/** Copies the defined values of `keys` from `source`, in that order. */
function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value: unknown = Reflect.get(source, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Nested values are rebuilt too, so only known fields and own string params reach the wire. */
function copyNested(out: Record<string, unknown>): void {
  const { agent, quickReplies, params } = out;
  if (typeof agent === 'object' && agent !== null) out.agent = pick(agent, AGENT_FIELDS);
  if (Array.isArray(quickReplies)) {
    const replyFields: readonly (keyof QuickReply)[] = ['type', 'text', 'payload'];
    out.quickReplies = quickReplies.map((reply: unknown) =>
      typeof reply === 'object' && reply !== null ? pick(reply, replyFields) : reply,
    );
  }
  if (typeof params === 'object' && params !== null) out.params = copyParams(params);
}

function copyParams(params: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value;
  return out;
}

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

/** A known event in format 2, as a plain object (not yet a string). */
function toFormat2(event: SermoEvent): Record<string, unknown> {
  const out = pick(event, ['type', 'direction', 'userId']);
  Object.assign(out, pick(event, fieldsFor(event)));
  copyNested(out);
  if ('id' in event && event.id !== undefined) out.id = event.id;
  return out;
}

/** An inbound event in seed 000's shape (DESIGN §4 "With protocol=1"). */
function toFormat1(event: InboundEvent): Record<string, unknown> {
  const to = event.userId;
  let text: string;
  let raw: Record<string, unknown>;
  switch (event.type) {
    case 'start':
      text = '';
      raw = { params: copyParams(event.params) };
      break;
    case 'text':
      text = event.text;
      raw = pick(
        { text: event.text, type: 'text', platformId: 'webchat', quickReplyPayload: event.quickReplyPayload, imageId: event.imageId },
        ['text', 'type', 'platformId', 'quickReplyPayload', 'imageId'],
      );
      // seed 000 "text (med bild)": the inline image travels in raw.data.image.
      if (event.image !== undefined) raw.data = { image: event.image };
      break;
    case 'typing_on':
      text = event.text;
      raw = { to, at: event.at };
      break;
    case 'heartbeat':
      text = 'beat';
      raw = event.lastEventId === undefined ? {} : { lastEventId: event.lastEventId };
      break;
    case 'messages_read':
      text = 'read';
      raw = { to, at: event.at };
      break;
    case 'client_left':
      text = event.text;
      raw = { to, at: event.at };
      break;
    case 'client_unload':
      text = 'NO_MESSAGE';
      raw = { to, at: event.at };
      break;
  }
  const out: Record<string, unknown> = { type: event.type, platform: 'webchat', text, user: { id: event.userId }, raw };
  // DESIGN §4: "The extension `id` stays at the top level in both formats."
  if (event.id !== undefined) out.id = event.id;
  return out;
}

/** An event the widget sends, in the wire format the `protocol` config key chose (DESIGN §3, §4). */
export function encodeInbound(event: InboundEvent, format: WireFormat): string {
  return JSON.stringify(format === 1 ? toFormat1(event) : toFormat2(event));
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
  return JSON.stringify(toFormat2(frame));
}

function fromUnknown(event: UnknownEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { ...event.body, type: event.type, direction: event.direction };
  if (event.userId !== undefined) out.userId = event.userId;
  if (event.id !== undefined) out.id = event.id;
  else delete out.id;
  return out;
}
