/**
 * Typed events -> wire JSON. Format 2 is seed 001's shape plus the DESIGN §4.3 extensions (`id`,
 * `lastEventId`); format 1 is seed 000's shape exactly as DESIGN §4 "With protocol=1" lays it out.
 *
 * Only the fields of each type's row in the readers' table are written (`read-inbound.ts`), in a fixed order
 * (`type`, `direction`, `userId`, the row's fields, `id`), so a runtime extra on an event object never leaks
 * onto the wire, and what is written is what is read. `image` (seed 000 inline data URL) has no row, as it is
 * not part of seed 001: format 2 never writes it. `params` is written as it is: the widget's own are strings by
 * type (`start.ts`, or read back through `readParams`); `encodeFrame` rebuilds those others hand it.
 */
import type { InboundEvent, WireFormat } from './events.ts';
import { INBOUND_READERS } from './read-inbound.ts';

export { encodeFrame } from './encode-frame.ts';

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

/** An inbound event in seed 000's shape (DESIGN §4 "With protocol=1"). */
function toFormat1(event: InboundEvent): Record<string, unknown> {
  const { type, userId } = event;
  // `text`: the message, draft or sentence; fixed words for the events format 2 gives none.
  const text =
    type === 'start' ? '' : type === 'heartbeat' ? 'beat' : type === 'client_unload' ? 'NO_MESSAGE' : type === 'rating' ? event.comment ?? '' : event.text;
  // `raw`: what format 2 carries beside `text`.
  const raw =
    type === 'start'
      ? { params: event.params }
      : type === 'text'
        ? { text, type, platformId: 'webchat', ...pick(event, ['quickReplyPayload', 'imageId']) }
        : type === 'heartbeat'
          ? pick(event, ['lastEventId'])
          : // `rating`: the comment went in `text`, the score goes beside `to` and `at`.
            { ...pick(event, ['score']), to: userId, at: event.at };
  // seed 000 "text (med bild)": the inline image travels in raw.data.image.
  if (type === 'text' && event.image !== undefined) Object.assign(raw, { data: { image: event.image } });
  // DESIGN §4: "The extension `id` stays at the top level in both formats."
  return { type, platform: 'webchat', text, user: { id: userId }, raw, ...pick(event, ['id']) };
}

/** An event the widget sends, in the wire format the `protocol` config key chose (DESIGN §3, §4). */
export function encodeInbound(event: InboundEvent, format: WireFormat): string {
  return JSON.stringify(format === 1 ? toFormat1(event) : toFormat2(event, Object.keys(INBOUND_READERS[event.type])));
}

