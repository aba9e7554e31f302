/**
 * DESIGN §4 `rating` (extension), narrowed by the rules of `read-inbound.ts`: `score` an integer from 1 to 5
 * and `at` are required; `comment` is optional (empty, too long or not text: none). Apart so that the widget,
 * which reads it back from its outbox and its log, bundles it without the other inbound readers.
 */
import type { ParseResult, RatingInbound } from './events.ts';
import { MAX_RATING_COMMENT, MAX_SHORT_TEXT } from './limits.ts';
import { readInteger, readNonEmptyString, readOptionalString, withOptional, type WireRecord } from './narrow.ts';

export function readRating(record: WireRecord, userId: string): ParseResult<RatingInbound> {
  const score = readInteger(record, 'score', 1);
  if (!score.ok) return score;
  if (score.value > 5) return { ok: false, reason: 'score: expected an integer from 1 to 5' };
  const at = readNonEmptyString(record, 'at', MAX_SHORT_TEXT);
  if (!at.ok) return at;
  // An empty comment says nothing.
  const comment = readOptionalString(record, 'comment', MAX_RATING_COMMENT) || undefined;
  const event = withOptional<RatingInbound>({ type: 'rating', direction: 'inbound', userId, score: score.value, at: at.value }, { comment });
  return { ok: true, event };
}
