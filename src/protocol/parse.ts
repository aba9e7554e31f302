/**
 * The one parser of wire JSON (DESIGN §1, STYLE B.3). Every frame, from a socket or from storage, becomes a
 * typed event or `{ ok: false, reason }` (why, as data: `reason.ts`); nothing here throws, whatever the input.
 *
 * Steps: refuse frames over 64 KiB unparsed; `JSON.parse` with a reviver that deletes `__proto__`,
 * `constructor` and `prototype` keys at every depth; require an object with a string `type` (`frame.ts`);
 * recognise the wire format (format 2 has `direction`, format 1 has `platform`); move format 1 fields to the
 * format 2 layout (`legacy.ts`, `format1.ts`); then narrow field by field into a fresh object holding only the
 * known fields (`read-event.ts`, by the tables of `read-outbound.ts` and `read-inbound.ts`). Applications'
 * frames: `parse-application.ts`; the widget's own parsers, without format 1: `parse-widget.ts`.
 */
import type { CustomerReceivedFrame, InboundEvent, ParseResult } from './events.ts';
import * as format1 from './format1.ts';
import { readFrame, wireFormat } from './frame.ts';
import { flattenInbound, format1Layout } from './legacy.ts';
import { parseReceivedFrame } from './parse-widget.ts';
import { readInbound } from './read-inbound.ts';

export { parseJsonObject } from './frame.ts';
export { parseApplicationFrame } from './parse-application.ts';
export { parseReceivedFrame, parseStoredInbound, type Format1, type StoredInbound } from './parse-widget.ts';

/**
 * A frame a widget received: an outbound event in either wire format, or an `ack`. Inbound and internal
 * events, unknown types, `error` frames (only applications are sent them, DESIGN §6) and anything malformed
 * are refused with a reason. (The widget itself, which loads format 1 on demand: `parse-widget.ts`.)
 */
export function parseWidgetFrame(frame: string): ParseResult<CustomerReceivedFrame> {
  return parseReceivedFrame(frame, format1);
}

/**
 * A frame a customer socket sent (or a widget's stored outbox entry): an inbound event in either wire format.
 * The extension `id` is top level in both formats; `lastEventId` is top level in format 2, in `raw` in format 1.
 */
export function parseCustomerFrame(frame: string): ParseResult<InboundEvent> {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  const format = wireFormat(record, 'inbound');
  if (format === 2) return readInbound(record, type, false);
  const laidOut = format === 1 ? format1Layout(record, 'inbound', flattenInbound) : format;
  return laidOut.ok ? readInbound(laidOut.value, type, true) : laidOut;
}
