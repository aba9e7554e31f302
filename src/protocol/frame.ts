/**
 * The steps every parser of wire JSON shares (`parse.ts`, `parse-application.ts`): refuse frames over 64 KiB
 * unparsed; `JSON.parse` with a reviver that deletes `__proto__`, `constructor` and `prototype` keys at every
 * depth; require an object with a string `type`; read the broker's control frames; recognise the wire format
 * (format 2 has `direction`, format 1 has `platform`). Nothing here throws, whatever the input.
 *
 * Kept apart from the parsers so that each bundle carries only the parsers it calls: the widget never
 * loads application parsing (DESIGN §8, the widget's size budget).
 */
import type { AckFrame, Direction, ErrorFrame, ParseResult, WireFormat } from './events.ts';
import type { Refusal } from './reason.ts';
import { MAX_AGENT_TEXT, MAX_FRAME_BYTES, MAX_JSON_DEPTH, MAX_SHORT_TEXT } from './limits.ts';
import { FORBIDDEN_KEYS, isRecord, own, readNonEmptyString, readString, type Field, type WireRecord } from './narrow.ts';
import { prefix, refuse } from './refusal.ts';

/** Whether `text` takes more than `maxBytes` as UTF-8 (a lone surrogate counts 3, as U+FFFD). */
function exceedsBytes(text: string, maxBytes: number): boolean {
  // A UTF-16 unit is 1 to 3 UTF-8 bytes, so the length alone often decides; else encoding a frame-sized text is cheap.
  if (text.length > maxBytes) return true;
  return text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes;
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
  if (typeof text !== 'string') return refuse(['not text', text]);
  if (exceedsBytes(text, maxBytes)) return refuse(['bytes', maxBytes]);
  if (exceedsDepth(text)) return refuse(['depth', MAX_JSON_DEPTH]);
  let value: unknown;
  try {
    value = JSON.parse(text, dropForbiddenKeys);
  } catch (error) {
    // A SyntaxError is the expected failure; anything else (out of memory, stack) still must not escape.
    return refuse([error instanceof SyntaxError ? 'not JSON' : 'unreadable JSON']);
  }
  if (!isRecord(value)) return refuse(['not an object', value]);
  return { ok: true, value };
}

/** The frame as a JSON object with a non-empty string `type`, or why not. */
export function readFrame(frame: unknown): Field<{ record: WireRecord; type: string }> {
  const parsed = parseJsonObject(frame, MAX_FRAME_BYTES);
  if (!parsed.ok) return parsed;
  const type = readNonEmptyString(parsed.value, 'type', MAX_SHORT_TEXT);
  if (!type.ok) return type;
  return { ok: true, value: { record: parsed.value, type: type.value } };
}

/** The reference broker's `ack` (DESIGN §4.3). */
export function readAck(record: WireRecord): ParseResult<AckFrame> {
  const id = readNonEmptyString(record, 'id', MAX_SHORT_TEXT);
  return id.ok ? { ok: true, event: { type: 'ack', id: id.value } } : prefix('ack', id);
}

/** The reference broker's `error`, which only applications are sent (DESIGN §6). */
export function readError(record: WireRecord): ParseResult<ErrorFrame> {
  const reason = readString(record, 'reason', MAX_AGENT_TEXT);
  return reason.ok ? { ok: true, event: { type: 'error', reason: reason.value } } : prefix('error', reason);
}

/** Format 2 `direction`: the value, or a reason naming what was there instead. */
export function readDirection(record: WireRecord): Field<Direction> {
  const value = own(record, 'direction');
  if (value === 'inbound' || value === 'outbound' || value === 'internal') return { ok: true, value };
  return refuse(['direction', 'any', value], 'direction');
}

/**
 * The wire format of a frame for one direction, or why it has none: format 2 must carry that `direction`, format 1
 * (seed 000) has no `direction` and a string `platform`. A frame in format 2 is in its own layout; one in format 1
 * each parser moves to that layout itself (`legacy.ts`), so that it bundles only what it reads.
 */
export function wireFormat(record: WireRecord, direction: 'inbound' | 'outbound'): WireFormat | Refusal {
  if (!Object.hasOwn(record, 'direction')) return typeof own(record, 'platform') === 'string' ? 1 : refuse(['no format']);
  const value = own(record, 'direction');
  return value === direction ? 2 : refuse(['direction', direction, value], 'direction');
}
