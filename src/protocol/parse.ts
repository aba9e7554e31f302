/**
 * The one parser of wire JSON (DESIGN §1, STYLE B.3). Every frame, from a socket or from storage, becomes a
 * typed event or `{ ok: false, reason }` (why, as data: `reason.ts`); nothing here throws, whatever the input.
 *
 * Steps: refuse frames over 64 KiB unparsed; `JSON.parse` with a reviver that deletes `__proto__`,
 * `constructor` and `prototype` keys at every depth; require an object with a string `type` (`frame.ts`);
 * recognise the wire format (format 2 has `direction`, format 1 has `platform`); move format 1 fields to the
 * format 2 layout (`legacy.ts`); then narrow field by field into a fresh object holding only the known fields
 * (`read-event.ts`, by the tables of `read-outbound.ts` and `read-inbound.ts`). Applications' frames:
 * `parse-application.ts`.
 */
import type { CustomerReceivedFrame, InboundEvent, ParseResult, RatingInbound, StartInbound, TextInbound } from './events.ts';
import { layoutFor, readAck, readFrame } from './frame.ts';
import { flattenInbound, flattenOutbound } from './legacy.ts';
import { own } from './narrow.ts';
import { refuse } from './refusal.ts';
import { readEvent, requiredShortText } from './read-event.ts';
import { INBOUND_READERS, readInbound } from './read-inbound.ts';
import { readOutbound } from './read-outbound.ts';

export { parseJsonObject } from './frame.ts';
export { parseApplicationFrame } from './parse-application.ts';

/**
 * A frame a widget received: an outbound event in either wire format, or an `ack`. Inbound and internal
 * events, unknown types, `error` frames (only applications are sent them, DESIGN §6) and anything malformed
 * are refused with a reason.
 */
export function parseWidgetFrame(frame: string): ParseResult<CustomerReceivedFrame> {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  if (type === 'ack') return readAck(record);
  const layout = layoutFor(record, 'outbound', flattenOutbound);
  return layout.ok ? readOutbound(layout.value, type, layout.value !== record) : layout;
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
  return layout.ok ? readInbound(layout.value, type, layout.value !== record) : layout;
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
  const direction = own(record, 'direction');
  if (direction !== 'inbound') return refuse(['direction', 'inbound', direction], 'direction');
  if (type !== 'start' && type !== 'text' && type !== 'rating') return refuse(['not stored', type]);
  return readEvent<StoredInbound>(record, type, 'inbound', INBOUND_READERS, requiredShortText);
}
