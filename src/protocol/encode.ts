/**
 * Typed events -> wire JSON. Format 2 is seed 001's shape plus the DESIGN §4.3 extensions (`id`,
 * `lastEventId`); format 1 is seed 000's shape exactly as DESIGN §4 "With protocol=1" lays it out (`format1.ts`).
 *
 * Only the fields of each type's row in the readers' table are written (`read-inbound.ts`), in a fixed order
 * (`type`, `direction`, `userId`, the row's fields, `id`), so a runtime extra on an event object never leaks
 * onto the wire, and what is written is what is read. `image` (seed 000 inline data URL) has no row, as it is
 * not part of seed 001: format 2 never writes it. `params` is written as it is: the widget's own are strings by
 * type (`start.ts`, or read back through `readParams`); `encodeFrame` rebuilds those others hand it.
 */
import type { InboundEvent } from './events.ts';
import { INBOUND_READERS } from './read-inbound.ts';

export { encodeFrame, encodeInbound } from './encode-frame.ts';

/** Copies the defined values of `keys` from `source`, in that order. */
export function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value: unknown = Reflect.get(source, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * A known event in format 2, as a plain object (not yet a string): `type`, `direction`, `userId`, the fields
 * of its row (`fields`), then `id`.
 */
export function toFormat2(event: object, fields: readonly string[]): Record<string, unknown> {
  return pick(event, ['type', 'direction', 'userId', ...fields, 'id']);
}

/** An event the widget sends, as wire JSON in format 2 (with `protocol=1`, format 1: `format1.ts`). */
export function encodeFormat2(event: InboundEvent): string {
  return JSON.stringify(toFormat2(event, Object.keys(INBOUND_READERS[event.type])));
}
