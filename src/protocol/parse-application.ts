/**
 * Frames of applications (bots, the agent console) and the broker's application sockets: format 2 only, any
 * direction. Apart from `parse.ts` so that the widget, which never reads these, never bundles them.
 */
import type { ApplicationParseResult, ApplicationSentFrame, Direction, ParseResult } from './events.ts';
import { readAck, readDirection, readError, readFrame } from './frame.ts';
import { MAX_SHORT_TEXT } from './limits.ts';
import { readOptionalString, type WireRecord } from './narrow.ts';
import { prefix, refuse } from './refusal.ts';
import { readInbound } from './read-inbound.ts';
import { KNOWN_TYPES, readInternal, readUnknown } from './read-internal.ts';
import { readOutbound } from './read-outbound.ts';

/**
 * A frame an application (bot, agent console) sent or received: format 2 only, any direction, plus `ack` and
 * `error`. A known type must be well formed; an unknown type with a valid direction is an `UnknownEvent`.
 * `ackId` is the frame's string `id`, for the broker to ack (DESIGN §4.3).
 */
export function parseApplicationFrame(frame: string): ApplicationParseResult {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  if (type === 'ack') return readAck(record);
  if (type === 'error') return readError(record);
  if (!Object.hasOwn(record, 'direction') && Object.hasOwn(record, 'platform')) {
    return refuse(['format 1 from an application']);
  }
  const direction = readDirection(record);
  if (!direction.ok) return direction;
  const result = readApplicationEvent(record, type, direction.value);
  if (!result.ok) return result;
  const ackId = readOptionalString(record, 'id', MAX_SHORT_TEXT);
  return ackId !== undefined && ackId !== '' ? { ok: true, event: result.event, ackId } : result;
}

function readApplicationEvent(record: WireRecord, type: string, direction: Direction): ParseResult<ApplicationSentFrame> {
  if (!Object.hasOwn(KNOWN_TYPES[direction], type)) return { ok: true, event: readUnknown(record, type, direction) };
  switch (direction) {
    case 'inbound':
      return readInbound(record, type, false);
    case 'outbound':
      return readOutbound(record, type, false);
    case 'internal': {
      const event = readInternal(record, type);
      return event.ok ? event : prefix(`internal ${type}`, event);
    }
  }
}
