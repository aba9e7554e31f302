/**
 * Narrowing inbound events (customer -> broker), from a JSON object in format 2 layout to a fresh typed event
 * holding only the known fields; the rules are those of `read-outbound.ts`.
 */
import type { InboundEvent, ParseResult } from './events.ts';
import { readStart, readText } from './read-inbound-text.ts';
import { MAX_CUSTOMER_TEXT, MAX_RATING_COMMENT, MAX_SHORT_TEXT } from './limits.ts';
import { readInteger, readNonEmptyString, readOptionalInteger, readOptionalString, readString, type WireRecord } from './narrow.ts';

/** Inbound types this version knows. */
export const INBOUND_TYPES: Record<InboundEvent['type'], true> = {
  start: true,
  text: true,
  typing_on: true,
  heartbeat: true,
  messages_read: true,
  client_left: true,
  client_unload: true,
  rating: true,
};

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
      return { ok: true, event: readStart(record, userId) };
    case 'text':
      return readText(record, userId, inlineImage);
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
    case 'rating': {
      // DESIGN §4: `score` an integer 1-5, `comment` optional (empty is none), `at` required.
      const score = readInteger(record, 'score', 1);
      if (!score.ok) return score;
      if (score.value > 5) return { ok: false, reason: 'score: expected an integer from 1 to 5' };
      const at = readNonEmptyString(record, 'at', MAX_SHORT_TEXT);
      if (!at.ok) return at;
      const event: InboundEvent = { type, direction, userId, score: score.value, at: at.value };
      const comment = readOptionalString(record, 'comment', MAX_RATING_COMMENT);
      if (comment) event.comment = comment;
      return { ok: true, event };
    }
    default:
      return { ok: false, reason: `unknown inbound type "${type}"` };
  }
}

