/**
 * The two inbound events a widget keeps until they are delivered (DESIGN §4.3), `start` and `text`, narrowed
 * by the rules of `read-inbound.ts`. Apart from it so that the widget, which reads back only these from its
 * outbox, bundles only them (DESIGN §8).
 */
import type { ParseResult, StartInbound, TextInbound } from './events.ts';
import { MAX_CUSTOMER_TEXT, MAX_PARAM_KEY, MAX_PARAM_VALUE, MAX_REPLY_TEXT, MAX_SHORT_TEXT, MAX_START_PARAMS } from './limits.ts';
import { FORBIDDEN_KEYS, isRecord, own, readInlineImage, readOptionalString, readString, withOptional, type WireRecord } from './narrow.ts';

/**
 * `start.params` on a null-prototype object: string values only, no prototype keys, at most MAX_START_PARAMS
 * entries of bounded length. Missing or not an object means no params (a start is never dropped for them).
 */
function readParams(value: unknown): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  if (!isRecord(value)) return params;
  let count = 0;
  for (const key of Object.keys(value)) {
    if (count >= MAX_START_PARAMS) break;
    const entry = value[key];
    if (FORBIDDEN_KEYS.has(key) || key === '' || key.length > MAX_PARAM_KEY) continue;
    if (typeof entry !== 'string' || entry.length > MAX_PARAM_VALUE) continue;
    params[key] = entry;
    count++;
  }
  return params;
}

/** A `start`; it is never dropped for its params. */
export function readStart(record: WireRecord, userId: string): StartInbound {
  return { type: 'start', direction: 'inbound', userId, params: readParams(own(record, 'params')) };
}

/** A customer `text`; `inlineImage` allows seed 000 `raw.data.image`. */
export function readText(record: WireRecord, userId: string, inlineImage: boolean): ParseResult<TextInbound> {
  const text = readString(record, 'text', MAX_CUSTOMER_TEXT);
  if (!text.ok) return text;
  const event = withOptional<TextInbound>(
    { type: 'text', direction: 'inbound', userId, text: text.value },
    {
      quickReplyPayload: readOptionalString(record, 'quickReplyPayload', MAX_REPLY_TEXT),
      // An empty id names no image.
      imageId: readOptionalString(record, 'imageId', MAX_SHORT_TEXT) || undefined,
      image: inlineImage ? readInlineImage(record) : undefined,
    },
  );
  return { ok: true, event };
}
