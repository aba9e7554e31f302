/**
 * Narrowing, one event type at a time: from a JSON object in format 2 layout (format 1 frames are moved there
 * by `legacy.ts`) to a fresh typed event holding only the known fields. Required fields of the wrong type give
 * a reason; optional ones of the wrong type are left out (DESIGN §4). Used only by `parse.ts`.
 */
import type {
  Agent,
  ClaimSessionInternal,
  Direction,
  HandoverToAgentInternal,
  InboundEvent,
  InternalEvent,
  OutboundEvent,
  ParseResult,
  QuickReply,
  TypingOffOutbound,
  TypingOnOutbound,
  UnknownEvent,
} from './events.ts';
import {
  MAX_AGENT_TEXT,
  MAX_CUSTOMER_TEXT,
  MAX_FRAME_BYTES,
  MAX_PARAM_KEY,
  MAX_PARAM_VALUE,
  MAX_QUICK_REPLIES,
  MAX_REPLY_TEXT,
  MAX_SHORT_TEXT,
  MAX_START_PARAMS,
  MAX_URL_LENGTH,
} from './limits.ts';
import {
  FORBIDDEN_KEYS,
  isRecord,
  own,
  readBoolean,
  readInteger,
  readNonEmptyString,
  readOptionalInteger,
  readOptionalNumber,
  readOptionalString,
  readString,
  type WireRecord,
} from './narrow.ts';

/** An agent object; every field optional (seed 000 typing has `{ "name": "" }`). Absent if not an object. */
function readAgent(value: unknown): Agent | undefined {
  if (!isRecord(value)) return undefined;
  const agent: Agent = {};
  const id = readOptionalString(value, 'id', MAX_SHORT_TEXT);
  const name = readOptionalString(value, 'name', MAX_SHORT_TEXT);
  const type = readOptionalString(value, 'type', MAX_SHORT_TEXT);
  const avatarId = readOptionalString(value, 'avatarId', MAX_SHORT_TEXT);
  const avatarUrl = readOptionalString(value, 'avatarUrl', MAX_URL_LENGTH);
  if (id !== undefined) agent.id = id;
  if (name !== undefined) agent.name = name;
  if (type !== undefined) agent.type = type;
  if (avatarId !== undefined) agent.avatarId = avatarId;
  if (avatarUrl !== undefined) agent.avatarUrl = avatarUrl;
  return agent;
}

/** seed 001 quick replies: `postback` entries with text and payload; bad entries are skipped, none is absent. */
function readQuickReplies(value: unknown): QuickReply[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const replies: QuickReply[] = [];
  for (const entry of value) {
    if (replies.length >= MAX_QUICK_REPLIES) break;
    if (!isRecord(entry) || own(entry, 'type') !== 'postback') continue;
    const text = readOptionalString(entry, 'text', MAX_REPLY_TEXT);
    const payload = readOptionalString(entry, 'payload', MAX_REPLY_TEXT);
    if (text === undefined || text === '' || payload === undefined) continue;
    replies.push({ type: 'postback', text, payload });
  }
  return replies.length > 0 ? replies : undefined;
}

/** DESIGN §4: seed 000 inline images are `data:image/(png|jpeg|gif|webp);base64` only. */
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

function readInlineImage(record: WireRecord): string | undefined {
  const image = readOptionalString(record, 'image', MAX_FRAME_BYTES);
  return image !== undefined && INLINE_IMAGE.test(image) ? image : undefined;
}

/**
 * `start.params` on a null-prototype object: string values only, no prototype keys, at most MAX_START_PARAMS
 * entries of bounded length. Missing or not an object means no params (a start is never dropped for them).
 */
function readParams(value: unknown): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  if (!isRecord(value)) return params;
  let count = 0;
  for (const key of Object.keys(value)) {
    if (count >= MAX_START_PARAMS) break;
    const entry = value[key];
    if (FORBIDDEN_KEYS.has(key) || key === '' || key.length > MAX_PARAM_KEY) continue;
    if (typeof entry !== 'string' || entry.length > MAX_PARAM_VALUE) continue;
    params[key] = entry;
    count++;
  }
  return params;
}

/** An optional display text; empty counts as absent so the UI shows its localised default. */
function readOptionalText(record: WireRecord, key: string): string | undefined {
  const text = readOptionalString(record, key, MAX_AGENT_TEXT);
  return text === '' ? undefined : text;
}

// ---------------------------------------------------------------------------------------------------------
// Events, from a record in format 2 layout

export const OUTBOUND_TYPES: Record<OutboundEvent['type'], true> = {
  text: true,
  info: true,
  queue_number: true,
  typing_on: true,
  typing_off: true,
  platform_closed: true,
  end_session: true,
  agent_done: true,
};

export const INBOUND_TYPES: Record<InboundEvent['type'], true> = {
  start: true,
  text: true,
  typing_on: true,
  heartbeat: true,
  messages_read: true,
  client_left: true,
  client_unload: true,
};

const INTERNAL_TYPES: Record<InternalEvent['type'], true> = {
  handover_to_agent: true,
  handover_to_queue: true,
  claim_session: true,
  customer_identified: true,
  agent_done: true,
  application_heartbeat: true,
};

export const KNOWN_TYPES: Record<Direction, Readonly<Record<string, true>>> = {
  inbound: INBOUND_TYPES,
  outbound: OUTBOUND_TYPES,
  internal: INTERNAL_TYPES,
};

/**
 * An outbound event. `inlineImage` allows the seed 000 `raw.data.image`, which only format 1 carries.
 * `id` is the reference broker's integer (DESIGN §4.3); any other `id` is ignored.
 */
export function readOutbound(record: WireRecord, type: string, inlineImage: boolean): ParseResult<OutboundEvent> {
  const userId = readNonEmptyString(record, 'userId', MAX_SHORT_TEXT);
  if (!userId.ok) return userId;
  const event = readOutboundFields(record, type, userId.value, inlineImage);
  if (!event.ok) return event;
  const id = readOptionalInteger(record, 'id', 0);
  if (id !== undefined) event.event.id = id;
  return event;
}

function readOutboundFields(
  record: WireRecord,
  type: string,
  userId: string,
  inlineImage: boolean,
): ParseResult<OutboundEvent> {
  const direction = 'outbound';
  switch (type) {
    case 'text': {
      const text = readString(record, 'text', MAX_AGENT_TEXT);
      if (!text.ok) return text;
      const event: OutboundEvent = { type, direction, userId, text: text.value };
      const agent = readAgent(own(record, 'agent'));
      const typing = readOptionalNumber(record, 'typing', 0);
      const imageId = readOptionalString(record, 'imageId', MAX_SHORT_TEXT);
      const image = inlineImage ? readInlineImage(record) : undefined;
      const quickReplies = readQuickReplies(own(record, 'quickReplies'));
      if (agent !== undefined) event.agent = agent;
      if (typing !== undefined) event.typing = typing;
      if (imageId !== undefined && imageId !== '') event.imageId = imageId;
      if (image !== undefined) event.image = image;
      if (quickReplies !== undefined) event.quickReplies = quickReplies;
      return { ok: true, event };
    }
    case 'info': {
      const text = readString(record, 'text', MAX_AGENT_TEXT);
      return text.ok ? { ok: true, event: { type, direction, userId, text: text.value } } : text;
    }
    case 'queue_number': {
      const queueNumber = readInteger(record, 'queueNumber', 0);
      if (!queueNumber.ok) return queueNumber;
      const event: OutboundEvent = { type, direction, userId, queueNumber: queueNumber.value };
      const wait = readOptionalNumber(record, 'estimatedWaitSeconds', 0);
      if (wait !== undefined) event.estimatedWaitSeconds = wait;
      return { ok: true, event };
    }
    case 'typing_on':
    case 'typing_off': {
      const event: TypingOnOutbound | TypingOffOutbound = { type, direction, userId };
      const agent = readAgent(own(record, 'agent'));
      if (agent !== undefined) event.agent = agent;
      return { ok: true, event };
    }
    case 'platform_closed': {
      const event: OutboundEvent = { type, direction, userId };
      const text = readOptionalText(record, 'text');
      if (text !== undefined) event.text = text;
      return { ok: true, event };
    }
    case 'end_session': {
      const event: OutboundEvent = { type, direction, userId };
      const reasonText = readOptionalText(record, 'reasonText');
      if (reasonText !== undefined) event.reasonText = reasonText;
      return { ok: true, event };
    }
    case 'agent_done': {
      const event: OutboundEvent = { type, direction, userId };
      const text = readOptionalText(record, 'text');
      const agent = readAgent(own(record, 'agent'));
      if (text !== undefined) event.text = text;
      if (agent !== undefined) event.agent = agent;
      return { ok: true, event };
    }
    default:
      return { ok: false, reason: `unknown outbound type "${type}"` };
  }
}

/**
 * An inbound event. `id` is the widget's UUID (DESIGN §4.3); `inlineImage` allows seed 000 `raw.data.image`.
 */
export function readInbound(record: WireRecord, type: string, inlineImage: boolean): ParseResult<InboundEvent> {
  const userId = readNonEmptyString(record, 'userId', MAX_SHORT_TEXT);
  if (!userId.ok) return userId;
  const event = readInboundFields(record, type, userId.value, inlineImage);
  if (!event.ok) return event;
  const id = readOptionalString(record, 'id', MAX_SHORT_TEXT);
  if (id !== undefined && id !== '') event.event.id = id;
  return event;
}

function readInboundFields(
  record: WireRecord,
  type: string,
  userId: string,
  inlineImage: boolean,
): ParseResult<InboundEvent> {
  const direction = 'inbound';
  switch (type) {
    case 'start':
      return { ok: true, event: { type, direction, userId, params: readParams(own(record, 'params')) } };
    case 'text': {
      const text = readString(record, 'text', MAX_CUSTOMER_TEXT);
      if (!text.ok) return text;
      const event: InboundEvent = { type, direction, userId, text: text.value };
      const quickReplyPayload = readOptionalString(record, 'quickReplyPayload', MAX_REPLY_TEXT);
      const imageId = readOptionalString(record, 'imageId', MAX_SHORT_TEXT);
      const image = inlineImage ? readInlineImage(record) : undefined;
      if (quickReplyPayload !== undefined) event.quickReplyPayload = quickReplyPayload;
      if (imageId !== undefined && imageId !== '') event.imageId = imageId;
      if (image !== undefined) event.image = image;
      return { ok: true, event };
    }
    case 'typing_on': {
      const text = readString(record, 'text', MAX_CUSTOMER_TEXT);
      if (!text.ok) return text;
      const at = readNonEmptyString(record, 'at', MAX_SHORT_TEXT);
      return at.ok ? { ok: true, event: { type, direction, userId, text: text.value, at: at.value } } : at;
    }
    case 'heartbeat': {
      const event: InboundEvent = { type, direction, userId };
      const lastEventId = readOptionalInteger(record, 'lastEventId', 0);
      if (lastEventId !== undefined) event.lastEventId = lastEventId;
      return { ok: true, event };
    }
    case 'messages_read': {
      // The wire `text` is always "read" (seeds 000 and 001); only `at` carries information.
      const at = readNonEmptyString(record, 'at', MAX_SHORT_TEXT);
      return at.ok ? { ok: true, event: { type, direction, userId, text: 'read', at: at.value } } : at;
    }
    case 'client_left': {
      const text = readString(record, 'text', MAX_CUSTOMER_TEXT);
      if (!text.ok) return text;
      const at = readNonEmptyString(record, 'at', MAX_SHORT_TEXT);
      return at.ok ? { ok: true, event: { type, direction, userId, text: text.value, at: at.value } } : at;
    }
    case 'client_unload': {
      const at = readNonEmptyString(record, 'at', MAX_SHORT_TEXT);
      return at.ok ? { ok: true, event: { type, direction, userId, at: at.value } } : at;
    }
    default:
      return { ok: false, reason: `unknown inbound type "${type}"` };
  }
}

/** An internal event (seed 001), between applications only. */
export function readInternal(record: WireRecord, type: string): ParseResult<InternalEvent> {
  const direction = 'internal';
  if (type === 'application_heartbeat') {
    const available = readBoolean(record, 'available');
    if (!available.ok) return available;
    const event: InternalEvent = { type, direction, available: available.value };
    const name = readOptionalString(record, 'name', MAX_SHORT_TEXT);
    if (name !== undefined) event.name = name;
    return { ok: true, event };
  }
  const userId = readNonEmptyString(record, 'userId', MAX_SHORT_TEXT);
  if (!userId.ok) return userId;
  const optional = (key: string) => {
    const value = readOptionalString(record, key, MAX_SHORT_TEXT);
    return value === '' ? undefined : value;
  };
  switch (type) {
    case 'handover_to_agent':
    case 'claim_session': {
      const event: HandoverToAgentInternal | ClaimSessionInternal = { type, direction, userId: userId.value };
      const agentId = optional('agentId');
      if (agentId !== undefined) event.agentId = agentId;
      return { ok: true, event };
    }
    case 'handover_to_queue': {
      const event: InternalEvent = { type, direction, userId: userId.value };
      const queueId = optional('queueId');
      if (queueId !== undefined) event.queueId = queueId;
      return { ok: true, event };
    }
    case 'customer_identified': {
      const event: InternalEvent = { type, direction, userId: userId.value };
      const brandId = optional('brandId');
      const customerId = optional('customerId');
      if (brandId !== undefined) event.brandId = brandId;
      if (customerId !== undefined) event.customerId = customerId;
      return { ok: true, event };
    }
    case 'agent_done':
      return { ok: true, event: { type, direction, userId: userId.value } };
    default:
      return { ok: false, reason: `unknown internal type "${type}"` };
  }
}

/**
 * seed 001: "all clients can handle new events without breaking". A new type with a valid direction is kept
 * whole (minus prototype keys) on a null-prototype `body`, so the broker can route it untouched.
 */
export function readUnknown(record: WireRecord, type: string, direction: Direction): UnknownEvent {
  const body: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(record)) if (!FORBIDDEN_KEYS.has(key)) body[key] = record[key];
  const event: UnknownEvent = { type, direction, unknown: true, body };
  const userId = readOptionalString(record, 'userId', MAX_SHORT_TEXT);
  const id = own(record, 'id');
  if (userId !== undefined && userId !== '') event.userId = userId;
  if (typeof id === 'string' && id !== '' && id.length <= MAX_SHORT_TEXT) event.id = id;
  else if (Number.isSafeInteger(id) && typeof id === 'number' && id >= 0) event.id = id;
  return event;
}
