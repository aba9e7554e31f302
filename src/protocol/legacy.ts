/**
 * Seed 000 (wire format 1) frames keep their fields in `user` and `raw`; seed 001 (format 2) keeps them at the
 * top level. These functions move a format 1 frame's fields to where format 2 has them, still `unknown`, so
 * one set of narrowers in `parse.ts` checks both formats the same way. Nothing here decides validity: a
 * field of the wrong type is carried over as it is, and the narrower gives the reason.
 */
import { isRecord, own, type Field, type WireRecord } from './narrow.ts';
import { refuse } from './refusal.ts';

/** A nested object of format 1 (`user`, `raw`, `raw.data`); absent when missing or not an object. */
function readOptionalRecord(record: WireRecord, key: string): WireRecord | undefined {
  const value = own(record, key);
  return isRecord(value) ? value : undefined;
}

/** The first argument that is a string, else the first that is defined (so a reason can name its type). */
function firstString(...values: unknown[]): unknown {
  for (const value of values) if (typeof value === 'string') return value;
  return values.find((value) => value !== undefined);
}

/** seed 000 `queue_number` carries the number as text (`"text": "1"`). Anything else is passed on for a reason. */
function queueNumberFromText(text: unknown): unknown {
  return typeof text === 'string' && /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : text;
}

/**
 * Format 1 has no `direction`, and `text` and `typing_on` exist both ways, so the shape tells: seed 000 puts
 * what an agent wrote in `raw.message` / `raw.agent`, and what the customer sent beside `raw.platformId`,
 * `raw.at` or `raw.params` (DESIGN §4 "With protocol=1"). Returns the marker found, or `undefined` when the
 * frame carries neither (then the type decides).
 */
export function legacyDirection(frame: WireRecord): { direction: 'inbound' | 'outbound'; marker: string } | undefined {
  const raw = readOptionalRecord(frame, 'raw') ?? {};
  for (const marker of ['message', 'agent']) {
    if (own(raw, marker) !== undefined) return { direction: 'outbound', marker };
  }
  for (const marker of ['platformId', 'at', 'params']) {
    if (own(raw, marker) !== undefined) return { direction: 'inbound', marker };
  }
  return undefined;
}

/**
 * A format 1 frame for one direction, in format 2 layout (`flatten`, passed in so that a parser bundles only
 * the direction it reads), or why it cannot be: its shape says it goes the other way.
 */
export function format1Layout(
  record: WireRecord,
  direction: 'inbound' | 'outbound',
  flatten: (frame: WireRecord) => WireRecord,
): Field<WireRecord> {
  const seen = legacyDirection(record);
  if (seen !== undefined && seen.direction !== direction) {
    return refuse(['format 1 direction', direction, seen.direction, seen.marker], 'direction');
  }
  return { ok: true, value: flatten(record) };
}

/** Layout shared by both directions: `type`, `user.id` -> `userId`, the top-level extension `id` (DESIGN §4.3). */
function common(frame: WireRecord, direction: 'inbound' | 'outbound') {
  const user = readOptionalRecord(frame, 'user') ?? {};
  return { type: own(frame, 'type'), direction, userId: own(user, 'id'), id: own(frame, 'id') };
}

/**
 * A seed 000 event sent to the customer, in format 2 layout. The message is `raw.message` (seed 000 outbound
 * text; the "med bild" example has no top-level `text`), else the top-level `text`, else `raw.text`.
 * `imageId`, `quickReplies`, `format` and `attachments` (DESIGN §4.4) are read from `raw` like the inbound
 * extensions of DESIGN §4 (seed 000 has none).
 */
export function flattenOutbound(frame: WireRecord): WireRecord {
  const raw = readOptionalRecord(frame, 'raw') ?? {};
  const data = readOptionalRecord(raw, 'data') ?? {};
  const type = own(frame, 'type');
  const text = firstString(own(raw, 'message'), own(frame, 'text'), own(raw, 'text'));
  return {
    ...common(frame, 'outbound'),
    text,
    agent: own(raw, 'agent'),
    typing: own(raw, 'typing'),
    image: own(data, 'image'),
    imageId: own(raw, 'imageId'),
    quickReplies: own(raw, 'quickReplies'),
    format: own(raw, 'format'),
    attachments: own(raw, 'attachments'),
    queueNumber: type === 'queue_number' ? queueNumberFromText(own(frame, 'text')) : undefined,
    reasonText: firstString(own(raw, 'reasonText'), text),
  };
}

/**
 * A seed 000 event sent by the customer (a widget with `protocol=1`), in format 2 layout, exactly inverting
 * DESIGN §4 "With protocol=1": the draft, message or rating comment in `text`, and in `raw` the `params`,
 * `quickReplyPayload`, `imageId`, `data.image`, `at`, `score` and `lastEventId` (also accepted at the top level).
 */
export function flattenInbound(frame: WireRecord): WireRecord {
  const raw = readOptionalRecord(frame, 'raw') ?? {};
  const data = readOptionalRecord(raw, 'data') ?? {};
  const text = firstString(own(frame, 'text'), own(raw, 'text'));
  return {
    ...common(frame, 'inbound'),
    text,
    // DESIGN §4: a rating's comment travels as `text` in format 1, its score in `raw`.
    comment: own(frame, 'type') === 'rating' ? text : undefined,
    score: own(raw, 'score'),
    params: own(raw, 'params') ?? own(frame, 'params'),
    quickReplyPayload: own(raw, 'quickReplyPayload'),
    imageId: own(raw, 'imageId'),
    image: own(data, 'image'),
    at: own(raw, 'at'),
    lastEventId: own(raw, 'lastEventId') ?? own(frame, 'lastEventId'),
  };
}
