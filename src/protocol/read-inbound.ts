/**
 * How inbound events (customer -> broker) are read: the table of `read-event.ts` for this direction, by the
 * rules of `read-outbound.ts`. The widget bundles it to read back its outbox and its log, and its encoder
 * writes the fields of these rows (`encode.ts`).
 */
import type { InboundEvent, ParseResult } from './events.ts';
import { MAX_CUSTOMER_TEXT, MAX_PARAM_KEY, MAX_PARAM_VALUE, MAX_RATING_COMMENT, MAX_REPLY_TEXT, MAX_START_PARAMS } from './limits.ts';
import { FORBIDDEN_KEYS, isRecord, own, readInteger, readOptionalInteger, readOptionalString, readString, type WireRecord } from './narrow.ts';
import { refuse } from './refusal.ts';
import { lenient, optionalShortText, readEvent, requiredShortText, type Reader, type ReaderTable } from './read-event.ts';

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

/** DESIGN §4 `rating` (extension): an integer from 1 to 5. */
const readScore: Reader<number> = (record, key) => {
  const score = readInteger(record, key, 1);
  return score.ok && score.value > 5 ? refuse(['range', 1, 5], key) : score;
};

/** The message, draft or sentence (DESIGN §4: at most 5,000 characters). */
const customerText: Reader<string> = (record, key) => readString(record, key, MAX_CUSTOMER_TEXT);

/** The inbound types this version knows, and how each is read (DESIGN §4, first table). */
export const INBOUND_READERS: ReaderTable<InboundEvent> = {
  start: { params: lenient((record, key) => readParams(own(record, key))) },
  text: {
    text: customerText,
    quickReplyPayload: lenient((record, key) => readOptionalString(record, key, MAX_REPLY_TEXT)),
    imageId: optionalShortText,
  },
  typing_on: { text: customerText, at: requiredShortText },
  heartbeat: { lastEventId: lenient((record, key) => readOptionalInteger(record, key, 0)) },
  // The wire `text` is always "read" (seeds 000 and 001); only `at` carries information.
  messages_read: { text: lenient((): 'read' => 'read'), at: requiredShortText },
  client_left: { text: customerText, at: requiredShortText },
  client_unload: { at: requiredShortText },
  // An empty comment says nothing.
  rating: { score: readScore, comment: lenient((record, key) => readOptionalString(record, key, MAX_RATING_COMMENT) || undefined), at: requiredShortText },
};

/** An inbound event. `id` is the widget's UUID (DESIGN §4.3); `inlineImage` allows seed 000 `raw.data.image`. */
export function readInbound(record: WireRecord, type: string, inlineImage: boolean): ParseResult<InboundEvent> {
  return readEvent(record, type, 'inbound', INBOUND_READERS, optionalShortText, inlineImage);
}
