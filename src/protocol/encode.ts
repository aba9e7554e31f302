/**
 * Typed events -> wire JSON. Format 2 is seed 001's shape plus the DESIGN §4.3 extensions (`id`,
 * `lastEventId`); format 1 is seed 000's shape exactly as DESIGN §4 "With protocol=1" lays it out.
 *
 * Only the fields listed for each type are written, in a fixed order (`type`, `direction`, `userId`, fields,
 * `id`), so a runtime extra on an event object never leaks onto the wire. The tables are typed against
 * `events.ts`: a misspelt field, or a new event type without a row, does not compile.
 */
import type { InboundEvent, WireFormat } from './events.ts';

export { encodeFrame } from './encode-frame.ts';

/** The fields of event `E` written after `type`, `direction` and `userId`, and before `id`. */
export type FieldsOf<E> = readonly Exclude<keyof E, 'type' | 'direction' | 'userId' | 'id'>[];
export type FieldTable<U extends { type: string }> = { readonly [T in U['type']]: FieldsOf<Extract<U, { type: T }>> };

// `image` (seed 000 inline data URL) is not part of seed 001, so format 2 never writes it.
export const INBOUND_FIELDS: FieldTable<InboundEvent> = {
  start: ['params'],
  text: ['text', 'quickReplyPayload', 'imageId'],
  typing_on: ['text', 'at'],
  heartbeat: ['lastEventId'],
  messages_read: ['text', 'at'],
  client_left: ['text', 'at'],
  client_unload: ['at'],
  rating: ['score', 'comment', 'at'],
};

/** Copies the defined values of `keys` from `source`, in that order. */
export function pick(source: object, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value: unknown = Reflect.get(source, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Own string values only: `params` come from host-page query strings. */
export function copyParams(params: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') out[key] = value;
  return out;
}

/**
 * A known event in format 2, as a plain object (not yet a string): `type`, `direction`, `userId`, the fields
 * of its row in `table`, then `id`. `params` is rebuilt too, so only own string params reach the wire.
 */
export function toFormat2(event: object & { type: string; id?: unknown }, fields: readonly string[]): Record<string, unknown> {
  const out = pick(event, ['type', 'direction', 'userId', ...fields]);
  if (typeof out.params === 'object' && out.params !== null) out.params = copyParams(out.params);
  if (event.id !== undefined) out.id = event.id;
  return out;
}

/** An inbound event in seed 000's shape (DESIGN §4 "With protocol=1"). */
function toFormat1(event: InboundEvent): Record<string, unknown> {
  const { type, userId } = event;
  // `text`: the message, draft, sentence or rating comment; fixed words for the events format 2 gives none.
  const text =
    type === 'start' ? '' : type === 'heartbeat' ? 'beat' : type === 'client_unload' ? 'NO_MESSAGE' : type === 'rating' ? (event.comment ?? '') : event.text;
  // `raw`: what format 2 carries beside `text`.
  const raw =
    type === 'start'
      ? { params: copyParams(event.params) }
      : type === 'text'
        ? { text, type, platformId: 'webchat', ...pick(event, ['quickReplyPayload', 'imageId']) }
        : type === 'heartbeat'
          ? pick(event, ['lastEventId'])
          : type === 'rating'
            ? { score: event.score, to: userId, at: event.at }
            : { to: userId, at: event.at };
  // seed 000 "text (med bild)": the inline image travels in raw.data.image.
  if (type === 'text' && event.image !== undefined) Object.assign(raw, { data: { image: event.image } });
  // DESIGN §4: "The extension `id` stays at the top level in both formats."
  return { type, platform: 'webchat', text, user: { id: userId }, raw, ...pick(event, ['id']) };
}

/** An event the widget sends, in the wire format the `protocol` config key chose (DESIGN §3, §4). */
export function encodeInbound(event: InboundEvent, format: WireFormat): string {
  return JSON.stringify(format === 1 ? toFormat1(event) : toFormat2(event, INBOUND_FIELDS[event.type]));
}

