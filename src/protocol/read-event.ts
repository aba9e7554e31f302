/**
 * The one narrower of inbound and outbound events, driven by a table per direction (`read-inbound.ts`,
 * `read-outbound.ts`): for each type, a reader per field in wire order. From a JSON object in format 2 layout
 * (format 1 frames are moved there by `legacy.ts`) it builds a fresh event holding only the known fields.
 * A required field that cannot be read refuses the event with the field's reason; an optional one that cannot
 * be read is left out (DESIGN §4). The encoders write the fields of the same rows, in the same order
 * (`encode.ts`, `encode-frame.ts`).
 */
import type { Direction, InboundEvent, OutboundEvent, ParseResult } from './events.ts';
import { MAX_FRAME_BYTES, MAX_SHORT_TEXT } from './limits.ts';
import { isInlineImage, readNonEmptyString, readOptionalString, type Field, type WireRecord } from './narrow.ts';
import { prefix, refuse } from './refusal.ts';

/** How one field is read: its value (`undefined`: an optional field left out), or why the event cannot be used. */
export type Reader<T> = (record: WireRecord, key: string) => Field<T>;

/**
 * A reader for each field of event `E` but `type`, `direction`, `userId` and `id`, which every event has, and
 * `image`, which only format 1 carries. Every field must have one, of the field's own type.
 */
export type Readers<E> = { readonly [K in Exclude<keyof E, 'type' | 'direction' | 'userId' | 'id' | 'image'>]-?: Reader<E[K]> };

/** The readers of every type of a direction: a type is known if and only if it has a row. */
export type ReaderTable<U extends { type: string }> = { readonly [T in U['type']]: Readers<Extract<U, { type: T }>> };

/** A reader that never refuses: what `read` makes of the field (`undefined`: left out). */
export const lenient =
  <T>(read: (record: WireRecord, key: string) => T): Reader<T> =>
  (record, key) => ({ ok: true, value: read(record, key) });

/** A required, non-empty short text: `userId`, a stored event's `id`, the `at` timestamps. */
export const requiredShortText: Reader<string> = (record, key) => readNonEmptyString(record, key, MAX_SHORT_TEXT);

/** An optional, non-empty short text: an `imageId`, an inbound `id` (an empty one names nothing). */
export const optionalShortText = lenient((record, key) => readOptionalString(record, key, MAX_SHORT_TEXT) || undefined);

/**
 * A `direction` event of a type `table` knows: `type`, `direction`, `userId`, the fields of its row, then `id`
 * as `readId` reads it. `inlineImage` allows seed 000 `raw.data.image` on a `text` (format 1, and a widget's
 * stored copy of an event it read: `parse-widget.ts`). A refusal names the event and the field (worded by
 * `refusalText`: `outbound text: text: expected a string, got number`).
 */
export function readEvent<U extends InboundEvent | OutboundEvent>(
  record: WireRecord,
  type: string,
  direction: Direction & U['direction'],
  table: ReaderTable<U>,
  readId: Reader<U['id']>,
  inlineImage = false,
): ParseResult<U> {
  if (!Object.hasOwn(table, type)) return refuse(['unknown type', direction, type]);
  const row: Readonly<Record<string, Reader<unknown>>> = table[type as U['type']];
  const event: Record<string, unknown> = { type, direction };
  for (const [key, read] of Object.entries({ userId: requiredShortText, ...row, id: readId })) {
    const field = read(record, key);
    if (!field.ok) return prefix(`${direction} ${type}`, field);
    if (field.value !== undefined) event[key] = field.value;
  }
  // seed 000 `raw.data.image` (at `image` in format 2 layout): one of the allowed kinds, else left out.
  const image = inlineImage && type === 'text' ? readOptionalString(record, 'image', MAX_FRAME_BYTES) : undefined;
  if (isInlineImage(image)) event.image = image;
  // The row's type gives each field of this event type a reader of that field's type, so what they read is a U.
  return { ok: true, event: event as U };
}
