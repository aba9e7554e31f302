/**
 * The one parser of wire JSON (DESIGN §1, STYLE B.3). Every frame, from a socket or from storage, becomes a
 * typed event or `{ ok: false, reason }`; nothing here throws, whatever the input.
 *
 * Steps: refuse frames over 64 KiB unparsed; `JSON.parse` with a reviver that deletes `__proto__`,
 * `constructor` and `prototype` keys at every depth; require an object with a string `type`; recognise the
 * wire format (format 2 has `direction`, format 1 has `platform`); move format 1 fields to the format 2
 * layout (`legacy.ts`); then narrow field by field into a fresh object holding only the known fields
 * (`read-event.ts`).
 */
import type {
  AckFrame,
  ApplicationParseResult,
  ApplicationSentFrame,
  CustomerReceivedFrame,
  Direction,
  ErrorFrame,
  InboundEvent,
  ParseResult,
} from './events.ts';
import { flattenInbound, flattenOutbound, legacyDirection } from './legacy.ts';
import { MAX_AGENT_TEXT, MAX_FRAME_BYTES, MAX_JSON_DEPTH, MAX_SHORT_TEXT } from './limits.ts';
import {
  FORBIDDEN_KEYS,
  describe,
  isRecord,
  own,
  readNonEmptyString,
  readOptionalString,
  readString,
  type Field,
  type WireRecord,
} from './narrow.ts';
import {
  INBOUND_TYPES,
  KNOWN_TYPES,
  OUTBOUND_TYPES,
  readInbound,
  readInternal,
  readOutbound,
  readUnknown,
} from './read-event.ts';

type Refusal = { ok: false; reason: string };

// ---------------------------------------------------------------------------------------------------------
// Frame -> JSON object

/** Whether `text` takes more than `maxBytes` as UTF-8, counted without encoding it. */
function exceedsBytes(text: string, maxBytes: number): boolean {
  // A UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 units), so length bounds both ways.
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
    if (bytes > maxBytes) return true;
  }
  return false;
}

/**
 * Whether objects and arrays nest deeper than MAX_JSON_DEPTH, scanning outside strings. JSON.parse itself copes
 * with deep input, but a reviver recurses per level and would overflow the stack on `[[[[...` frames.
 */
function exceedsDepth(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* backslash */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) return true;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) depth--;
  }
  return false;
}

/** JSON.parse reviver: a returned `undefined` deletes the key, so these never reach any object we build. */
function dropForbiddenKeys(key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
}

/**
 * Any JSON object text that is not a Sermo frame (an HTTP body, a stored snapshot), read with the same
 * protections: refused unparsed over `maxBytes` (UTF-8) or MAX_JSON_DEPTH, prototype keys deleted at every
 * depth, never throws. The fields are still `unknown`: narrow them with `narrow.ts`.
 */
export function parseJsonObject(text: unknown, maxBytes: number): Field<WireRecord> {
  if (typeof text !== 'string') return { ok: false, reason: `not text (${describe(text)})` };
  if (exceedsBytes(text, maxBytes)) return { ok: false, reason: `larger than ${maxBytes} bytes` };
  if (exceedsDepth(text)) return { ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text, dropForbiddenKeys);
  } catch (error) {
    // A SyntaxError is the expected failure; anything else (out of memory, stack) still must not escape.
    return { ok: false, reason: error instanceof SyntaxError ? 'not JSON' : 'JSON could not be read' };
  }
  if (!isRecord(value)) return { ok: false, reason: `not a JSON object (${describe(value)})` };
  return { ok: true, value };
}

/** The frame as a JSON object with a non-empty string `type`, or why not. */
function readFrame(frame: unknown): Field<{ record: WireRecord; type: string }> {
  if (typeof frame !== 'string') return { ok: false, reason: `not a text frame (${describe(frame)})` };
  if (exceedsBytes(frame, MAX_FRAME_BYTES)) return { ok: false, reason: `frame larger than ${MAX_FRAME_BYTES} bytes` };
  const parsed = parseJsonObject(frame, MAX_FRAME_BYTES);
  if (!parsed.ok) return parsed;
  const type = readNonEmptyString(parsed.value, 'type', MAX_SHORT_TEXT);
  if (!type.ok) return type;
  return { ok: true, value: { record: parsed.value, type: type.value } };
}

/** The reference broker's `ack` and `error` frames (DESIGN §4.3, §6), or `undefined` for any other type. */
function readControlFrame(record: WireRecord, type: string): ParseResult<AckFrame | ErrorFrame> | undefined {
  if (type === 'ack') {
    const id = readNonEmptyString(record, 'id', MAX_SHORT_TEXT);
    return id.ok ? { ok: true, event: { type: 'ack', id: id.value } } : prefix('ack', id);
  }
  if (type === 'error') {
    const reason = readString(record, 'reason', MAX_AGENT_TEXT);
    return reason.ok ? { ok: true, event: { type: 'error', reason: reason.value } } : prefix('error', reason);
  }
  return undefined;
}

function prefix(context: string, refusal: Refusal): Refusal {
  return { ok: false, reason: `${context}: ${refusal.reason}` };
}

/** Format 2 `direction`: the value, or a reason naming what was there instead. */
function readDirection(record: WireRecord): Field<Direction> {
  const value = own(record, 'direction');
  if (value === 'inbound' || value === 'outbound' || value === 'internal') return { ok: true, value };
  const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describe(value);
  return { ok: false, reason: `direction: expected "inbound", "outbound" or "internal", got ${got}` };
}

/**
 * The frame in format 2 layout for one direction, or why it cannot be: format 2 must carry that `direction`;
 * format 1 (seed 000, no direction) is flattened.
 */
function layoutFor(record: WireRecord, direction: 'inbound' | 'outbound'): Field<WireRecord> {
  if (Object.hasOwn(record, 'direction')) {
    const got = readDirection(record);
    if (!got.ok) return got;
    if (got.value !== direction) return { ok: false, reason: `direction: expected "${direction}", got "${got.value}"` };
    return { ok: true, value: record };
  }
  if (typeof own(record, 'platform') === 'string') {
    const seen = legacyDirection(record);
    if (seen !== undefined && seen.direction !== direction) {
      return { ok: false, reason: `direction: expected "${direction}", got a format 1 ${seen.direction} frame (raw.${seen.marker})` };
    }
    return { ok: true, value: direction === 'outbound' ? flattenOutbound(record) : flattenInbound(record) };
  }
  return { ok: false, reason: 'neither direction (format 2) nor platform (format 1): not a Sermo event' };
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/**
 * A frame a widget received: an outbound event in either wire format, or an `ack` / `error` frame.
 * Inbound and internal events, unknown types and anything malformed are refused with a reason.
 */
export function parseWidgetFrame(frame: string): ParseResult<CustomerReceivedFrame> {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  const control = readControlFrame(record, type);
  if (control !== undefined) return control;
  const layout = layoutFor(record, 'outbound');
  if (!layout.ok) return layout;
  if (!Object.hasOwn(OUTBOUND_TYPES, type)) return { ok: false, reason: `unknown outbound type "${type}"` };
  const event = readOutbound(layout.value, type, layout.value !== record);
  return event.ok ? event : prefix(`outbound ${type}`, event);
}

/**
 * A frame a customer socket sent (or a widget's stored outbox entry): an inbound event in either wire format.
 * The extension `id` is top level in both formats; `lastEventId` is top level in format 2, in `raw` in format 1.
 */
export function parseCustomerFrame(frame: string): ParseResult<InboundEvent> {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  const layout = layoutFor(record, 'inbound');
  if (!layout.ok) return layout;
  if (!Object.hasOwn(INBOUND_TYPES, type)) return { ok: false, reason: `unknown inbound type "${type}"` };
  const event = readInbound(layout.value, type, layout.value !== record);
  return event.ok ? event : prefix(`inbound ${type}`, event);
}

/**
 * A frame an application (bot, agent console) sent or received: format 2 only, any direction, plus `ack` and
 * `error`. A known type must be well formed; an unknown type with a valid direction is an `UnknownEvent`.
 * `ackId` is the frame's string `id`, for the broker to ack (DESIGN §4.3).
 */
export function parseApplicationFrame(frame: string): ApplicationParseResult {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  const control = readControlFrame(record, type);
  if (control !== undefined) return control;
  if (!Object.hasOwn(record, 'direction') && Object.hasOwn(record, 'platform')) {
    return { ok: false, reason: 'format 1 (platform/user/raw) is not accepted from applications: send direction and userId' };
  }
  const direction = readDirection(record);
  if (!direction.ok) return direction;
  const result = readApplicationEvent(record, type, direction.value);
  if (!result.ok) return prefix(`${direction.value} ${type}`, result);
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
    case 'internal':
      return readInternal(record, type);
  }
}
