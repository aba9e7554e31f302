/**
 * Wire format 1 (seed 000) as a widget speaks it: reading the outbound events it receives, writing the inbound
 * ones it sends with `protocol=1` (DESIGN §3, §4). Almost every deployment speaks format 2, so the widget loads
 * this in a chunk of its own (DESIGN §8): before its chat starts when `protocol=1` (main.tsx), and when a frame
 * in format 1 arrives (`transport.ts`). Everything else reads and writes both formats through `parse.ts` and
 * `encode-frame.ts`, which import it.
 */
import type { InboundEvent, OutboundEvent, ParseResult } from './events.ts';
import { pick } from './encode.ts';
import { flattenOutbound, format1Layout } from './legacy.ts';
import type { WireRecord } from './narrow.ts';
import { readOutbound as readLaidOut } from './read-outbound.ts';

/** A format 1 frame a widget received (`parse.ts`): its outbound event, with seed 000's inline image, or why not. */
export function readOutbound(record: WireRecord, type: string): ParseResult<OutboundEvent> {
  const layout = format1Layout(record, 'outbound', flattenOutbound);
  return layout.ok ? readLaidOut(layout.value, type, true) : layout;
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

/** An event a widget with `protocol=1` sends, as wire JSON in seed 000's shape. */
export function encodeInbound(event: InboundEvent): string {
  return JSON.stringify(toFormat1(event));
}
