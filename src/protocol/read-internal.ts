/**
 * Narrowing what only applications exchange: internal events (seed 001) and events of types this version
 * does not know. Used by `parse-application.ts` only, so the widget never bundles it.
 */
import type { ClaimSessionInternal, Direction, HandoverToAgentInternal, InternalEvent, ParseResult, UnknownEvent } from './events.ts';
import { MAX_SHORT_TEXT } from './limits.ts';
import { FORBIDDEN_KEYS, own, readBoolean, readNonEmptyString, readOptionalString, type WireRecord } from './narrow.ts';
import { refuse } from './refusal.ts';
import { INBOUND_READERS } from './read-inbound.ts';
import { OUTBOUND_READERS } from './read-outbound.ts';

/** Internal types this version knows. */
const INTERNAL_TYPES: Record<InternalEvent['type'], true> = {
  handover_to_agent: true,
  handover_to_queue: true,
  claim_session: true,
  customer_identified: true,
  agent_done: true,
  application_heartbeat: true,
};

/** The types this version knows, per direction: a known type is an own key. */
export const KNOWN_TYPES: Record<Direction, object> = {
  inbound: INBOUND_READERS,
  outbound: OUTBOUND_READERS,
  internal: INTERNAL_TYPES,
};

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
      return refuse(['unknown type', direction, type]);
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
