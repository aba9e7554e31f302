/**
 * The one parser of wire JSON (DESIGN §1, STYLE B.3). Every frame, from a socket or from storage, becomes a
 * typed event or `{ ok: false, reason }`; nothing here throws, whatever the input.
 *
 * Steps: refuse frames over 64 KiB unparsed; `JSON.parse` with a reviver that deletes `__proto__`,
 * `constructor` and `prototype` keys at every depth; require an object with a string `type` (`frame.ts`);
 * recognise the wire format (format 2 has `direction`, format 1 has `platform`); move format 1 fields to the
 * format 2 layout (`legacy.ts`); then narrow field by field into a fresh object holding only the known fields
 * (`read-outbound.ts`, `read-inbound.ts`). Applications' frames: `parse-application.ts`.
 */
import type { CustomerReceivedFrame, InboundEvent, ParseResult, RatingInbound, StartInbound, TextInbound } from './events.ts';
import { layoutFor, prefix, readControlFrame, readFrame } from './frame.ts';
import { flattenInbound, flattenOutbound } from './legacy.ts';
import { MAX_SHORT_TEXT } from './limits.ts';
import { own, readNonEmptyString } from './narrow.ts';
import { INBOUND_TYPES, readInbound } from './read-inbound.ts';
import { readStart, readText } from './read-inbound-text.ts';
import { readRating } from './read-rating.ts';
import { OUTBOUND_TYPES, readOutbound } from './read-outbound.ts';

export { parseJsonObject } from './frame.ts';
export { parseApplicationFrame } from './parse-application.ts';

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
  const layout = layoutFor(record, 'outbound', flattenOutbound);
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
  const layout = layoutFor(record, 'inbound', flattenInbound);
  if (!layout.ok) return layout;
  if (!Object.hasOwn(INBOUND_TYPES, type)) return { ok: false, reason: `unknown inbound type "${type}"` };
  const event = readInbound(layout.value, type, layout.value !== record);
  return event.ok ? event : prefix(`inbound ${type}`, event);
}

/** A `start`, `text` or `rating` with its `id`: what a widget keeps in its outbox until delivered (DESIGN §4.3). */
export type StoredInbound = (StartInbound | TextInbound | RatingInbound) & { id: string };

/**
 * A widget's stored outbox entry, read back like any frame (STYLE B.3: stored data is wire data too). The
 * widget stores format 2 only, so only format 2 `start`, `text` and `rating` with a non-empty `id` pass.
 */
export function parseStoredInbound(frame: string): ParseResult<StoredInbound> {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  if (own(record, 'direction') !== 'inbound') return { ok: false, reason: 'direction: expected "inbound"' };
  const userId = readNonEmptyString(record, 'userId', MAX_SHORT_TEXT);
  if (!userId.ok) return userId;
  const id = readNonEmptyString(record, 'id', MAX_SHORT_TEXT);
  if (!id.ok) return id;
  if (type === 'start') return { ok: true, event: { ...readStart(record, userId.value), id: id.value } };
  if (type !== 'text' && type !== 'rating') return { ok: false, reason: `not a stored type "${type}"` };
  const event = type === 'text' ? readText(record, userId.value, false) : readRating(record, userId.value);
  return event.ok ? { ok: true, event: { ...event.event, id: id.value } } : prefix(`inbound ${type}`, event);
}
