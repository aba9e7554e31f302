/**
 * The parsers a widget bundles (DESIGN §8: its first load): of the frames it receives, and of what it stored
 * (`parse.ts` says the steps). Wire format 1 (seed 000) is not among them: the widget loads it when it needs it
 * (`format1.ts`) and then gives it to `parseReceivedFrame`. Everything else reads both formats (`parse.ts`).
 */
import type { CustomerReceivedFrame, ParseResult, RatingInbound, StartInbound, TextInbound } from './events.ts';
import { readAck, readFrame, wireFormat } from './frame.ts';
import { own } from './narrow.ts';
import { refuse } from './refusal.ts';
import { readEvent, requiredShortText } from './read-event.ts';
import { INBOUND_READERS } from './read-inbound.ts';
import { readOutbound } from './read-outbound.ts';

/** Wire format 1 as a widget reads and writes it: the module `format1.ts`, which the widget loads on demand. */
export type Format1 = typeof import('./format1.ts');

/**
 * A frame a widget received: an `ack`, or an outbound event in format 2, or in format 1 once `format1` is given;
 * without it, a frame in format 1 is left unread: `undefined`, neither read nor refused. Inbound and internal
 * events, unknown types, `error` frames (only applications are sent them, DESIGN §6) and anything malformed are
 * refused with a reason. `stored`: the frame is the widget's own copy of an event it read (its log keeps the
 * event's JSON), which keeps a seed 000 inline `image`, a field format 2 does not carry on the wire.
 * (`parseWidgetFrame`, `parse.ts`: always with format 1.)
 */
export function parseReceivedFrame(frame: string, format1: Format1, stored?: boolean): ParseResult<CustomerReceivedFrame>;
export function parseReceivedFrame(frame: string, format1: Format1 | undefined, stored?: boolean): ParseResult<CustomerReceivedFrame> | undefined;
export function parseReceivedFrame(frame: string, format1: Format1 | undefined, stored = false): ParseResult<CustomerReceivedFrame> | undefined {
  const read = readFrame(frame);
  if (!read.ok) return read;
  const { record, type } = read.value;
  if (type === 'ack') return readAck(record);
  const format = wireFormat(record, 'outbound');
  return format === 2 ? readOutbound(record, type, stored) : format === 1 ? format1?.readOutbound(record, type) : format;
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
