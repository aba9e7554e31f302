/**
 * How outbound events (broker -> customer) are read: the table of `read-event.ts` for this direction. Required
 * fields of the wrong type give a reason; optional ones of the wrong type are left out (DESIGN §4).
 */
import type { Agent, OutboundEvent, ParseResult, QuickReply } from './events.ts';
import { MAX_AGENT_TEXT, MAX_QUICK_REPLIES, MAX_REPLY_TEXT, MAX_SHORT_TEXT, MAX_URL_LENGTH } from './limits.ts';
import { isRecord, own, readInteger, readOptionalInteger, readOptionalNumber, readOptionalString, readString, type WireRecord } from './narrow.ts';
import { lenient, optionalShortText, readEvent, type Reader, type ReaderTable } from './read-event.ts';

const AGENT_KEYS = ['id', 'name', 'type', 'avatarId', 'avatarUrl'] as const satisfies readonly (keyof Agent)[];

/** An agent object; every field optional (seed 000 typing has `{ "name": "" }`). Absent if not an object. */
function readAgent(value: unknown): Agent | undefined {
  if (!isRecord(value)) return undefined;
  const agent: Agent = {};
  for (const key of AGENT_KEYS) {
    const field = readOptionalString(value, key, key === 'avatarUrl' ? MAX_URL_LENGTH : MAX_SHORT_TEXT);
    if (field !== undefined) agent[key] = field;
  }
  return agent;
}

/** seed 001 quick replies (also those read back from storage): `postback` entries with text and payload; bad entries are skipped, none is absent. */
export function readQuickReplies(value: unknown): QuickReply[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const replies: QuickReply[] = [];
  for (const entry of value) {
    if (replies.length >= MAX_QUICK_REPLIES) break;
    if (!isRecord(entry) || own(entry, 'type') !== 'postback') continue;
    const text = readOptionalString(entry, 'text', MAX_REPLY_TEXT);
    const payload = readOptionalString(entry, 'payload', MAX_REPLY_TEXT);
    if (text === undefined || text === '' || payload === undefined) continue;
    replies.push({ type: 'postback', text, payload });
  }
  return replies.length > 0 ? replies : undefined;
}

const messageText: Reader<string> = (record, key) => readString(record, key, MAX_AGENT_TEXT);
/** An optional display text; empty counts as absent so the UI shows its localised default. */
const displayText = lenient((record, key) => readOptionalString(record, key, MAX_AGENT_TEXT) || undefined);
const agent = lenient((record, key) => readAgent(own(record, key)));
/** An optional finite number of at least 0 (a delay, a wait). */
const nonNegativeNumber = lenient((record, key) => readOptionalNumber(record, key, 0));

/** The outbound types this version knows, and how each is read (DESIGN §4, second table). */
export const OUTBOUND_READERS: ReaderTable<OutboundEvent> = {
  text: {
    text: messageText,
    agent,
    typing: nonNegativeNumber,
    imageId: optionalShortText,
    quickReplies: lenient((record, key) => readQuickReplies(own(record, key))),
    // DESIGN §4, §4.4 (extensions): the list is narrowed where it is shown (attachments.ts).
    format: lenient((record, key) => (own(record, key) === 'markdown' ? 'markdown' : undefined)),
    attachments: lenient((record, key) => {
      const list = own(record, key);
      return Array.isArray(list) ? list : undefined;
    }),
  },
  info: { text: messageText },
  queue_number: {
    queueNumber: (record, key) => readInteger(record, key, 0),
    estimatedWaitSeconds: nonNegativeNumber,
  },
  typing_on: { agent },
  typing_off: { agent },
  platform_closed: { text: displayText },
  end_session: { reasonText: displayText },
  agent_done: { text: displayText, agent },
};

/**
 * An outbound event. `id` is the reference broker's integer (DESIGN §4.3); any other `id` is ignored.
 * `inlineImage` allows the seed 000 `raw.data.image`, which only format 1 carries (and a widget's stored copy).
 */
export function readOutbound(record: WireRecord, type: string, inlineImage: boolean): ParseResult<OutboundEvent> {
  return readEvent(record, type, 'outbound', OUTBOUND_READERS, lenient((record, key) => readOptionalInteger(record, key, 0)), inlineImage);
}
