/**
 * Tiny guards that turn `unknown` wire values into typed ones, field by field (STYLE B.3: narrow, never cast).
 *
 * Required fields come back as a `Field`: the value, or a reason (`reason.ts`) that names the field. A failed
 * `Field` has the same shape as a failed `ParseResult`, so a parser can return it as it is. Optional readers
 * return `undefined` for anything unusable: DESIGN §4, "an optional field of the wrong type is treated as absent".
 * Every reader looks at own properties only, so nothing is ever read off `Object.prototype`.
 */

import type { Refusal } from './reason.ts';
import { refuse } from './refusal.ts';

/** A JSON object as it came off the wire: nothing is known about its fields yet. */
export type WireRecord = Record<string, unknown>;

/** A required field: its value, or why the frame cannot be used. */
export type Field<T> = { ok: true; value: T } | Refusal;

/** Keys that could reach `Object.prototype` if an object were ever merged or indexed with them. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record's own value for `key`, never an inherited one. */
export function own(record: WireRecord, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A required string of at most `maxLength` UTF-16 units. */
export function readString(record: WireRecord, key: string, maxLength: number): Field<string> {
  const value = own(record, key);
  if (typeof value !== 'string') return refuse(['type', 'string', value], key);
  if (value.length > maxLength) return refuse(['length', maxLength], key);
  return { ok: true, value };
}

/** A required, non-empty string (ids): an empty one identifies nothing. */
export function readNonEmptyString(record: WireRecord, key: string, maxLength: number): Field<string> {
  const field = readString(record, key, maxLength);
  if (field.ok && field.value === '') return refuse(['empty'], key);
  return field;
}

/** An optional string: absent when missing, of another type, or longer than `maxLength`. */
export function readOptionalString(record: WireRecord, key: string, maxLength: number): string | undefined {
  const field = readString(record, key, maxLength);
  return field.ok ? field.value : undefined;
}

/** A required integer (a number without fraction, safe, at least `min`). */
export function readInteger(record: WireRecord, key: string, min: number): Field<number> {
  const value = own(record, key);
  if (typeof value !== 'number') return refuse(['type', 'integer', value], key);
  if (!Number.isSafeInteger(value)) return refuse(['unsafe integer'], key);
  if (value < min) return refuse(['min', min], key);
  return { ok: true, value };
}

/** An optional integer of at least `min`; absent otherwise. */
export function readOptionalInteger(record: WireRecord, key: string, min: number): number | undefined {
  const field = readInteger(record, key, min);
  return field.ok ? field.value : undefined;
}

/** An optional finite number of at least `min`; absent otherwise (also for NaN-like strings). */
export function readOptionalNumber(record: WireRecord, key: string, min: number): number | undefined {
  const value = own(record, key);
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : undefined;
}

/** A required boolean. */
export function readBoolean(record: WireRecord, key: string): Field<boolean> {
  const value = own(record, key);
  if (typeof value !== 'boolean') return refuse(['type', 'boolean', value], key);
  return { ok: true, value };
}

/** DESIGN §4: seed 000 inline images are `data:image/(png|jpeg|gif|webp);base64` only. */
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

/** Whether `value` is an inline image of an allowed kind (also for images read back from storage). */
export const isInlineImage = (value: unknown): value is string => typeof value === 'string' && INLINE_IMAGE.test(value);

/** An absolute http(s) URL, as the URL parser writes it (so what is shown is what is opened); else undefined. */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
