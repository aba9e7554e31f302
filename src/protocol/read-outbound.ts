/**
 * Narrowing outbound events (broker -> customer), from a JSON object in format 2 layout (format 1 frames are
 * moved there by `legacy.ts`) to a fresh typed event holding only the known fields. Required fields of the
 * wrong type give a reason; optional ones of the wrong type are left out (DESIGN §4). One file per direction,
 * so the widget bundles only what it reads (DESIGN §8).
 */
import type {
  Agent,
  AgentDoneOutbound,
  EndSessionOutbound,
  OutboundEvent,
  ParseResult,
  PlatformClosedOutbound,
  QueueNumberOutbound,
  QuickReply,
  TextOutbound,
  TypingOffOutbound,
  TypingOnOutbound,
} from './events.ts';
import { MAX_AGENT_TEXT, MAX_QUICK_REPLIES, MAX_REPLY_TEXT, MAX_SHORT_TEXT, MAX_URL_LENGTH } from './limits.ts';
import {
  isRecord,
  own,
  readInlineImage,
  readInteger,
  readNonEmptyString,
  readOptionalInteger,
  readOptionalNumber,
  readOptionalString,
  readString,
  withOptional,
  type WireRecord,
} from './narrow.ts';

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

/** An optional display text; empty counts as absent so the UI shows its localised default. */
function readOptionalText(record: WireRecord, key: string): string | undefined {
  const text = readOptionalString(record, key, MAX_AGENT_TEXT);
  return text === '' ? undefined : text;
}

/** Outbound types this version knows. */
export const OUTBOUND_TYPES: Record<OutboundEvent['type'], true> = {
  text: true,
  info: true,
  queue_number: true,
  typing_on: true,
  typing_off: true,
  platform_closed: true,
  end_session: true,
  agent_done: true,
};

/**
 * An outbound event. `inlineImage` allows the seed 000 `raw.data.image`, which only format 1 carries.
 * `id` is the reference broker's integer (DESIGN §4.3); any other `id` is ignored.
 */
export function readOutbound(record: WireRecord, type: string, inlineImage: boolean): ParseResult<OutboundEvent> {
  const userId = readNonEmptyString(record, 'userId', MAX_SHORT_TEXT);
  if (!userId.ok) return userId;
  const event = readOutboundFields(record, type, userId.value, inlineImage);
  if (!event.ok) return event;
  const id = readOptionalInteger(record, 'id', 0);
  if (id !== undefined) event.event.id = id;
  return event;
}

function readOutboundFields(
  record: WireRecord,
  type: string,
  userId: string,
  inlineImage: boolean,
): ParseResult<OutboundEvent> {
  const direction = 'outbound';
  const ok = (event: OutboundEvent): ParseResult<OutboundEvent> => ({ ok: true, event });
  switch (type) {
    case 'text': {
      const text = readString(record, 'text', MAX_AGENT_TEXT);
      if (!text.ok) return text;
      const attachments = own(record, 'attachments');
      return ok(
        withOptional<TextOutbound>(
          { type, direction, userId, text: text.value },
          {
            agent: readAgent(own(record, 'agent')),
            typing: readOptionalNumber(record, 'typing', 0),
            // An empty id names no image.
            imageId: readOptionalString(record, 'imageId', MAX_SHORT_TEXT) || undefined,
            image: inlineImage ? readInlineImage(record) : undefined,
            quickReplies: readQuickReplies(own(record, 'quickReplies')),
            // DESIGN §4, §4.4 (extensions): the list is narrowed where it is shown (attachments.ts).
            format: own(record, 'format') === 'markdown' ? 'markdown' : undefined,
            attachments: Array.isArray(attachments) ? attachments : undefined,
          },
        ),
      );
    }
    case 'info': {
      const text = readString(record, 'text', MAX_AGENT_TEXT);
      return text.ok ? ok({ type, direction, userId, text: text.value }) : text;
    }
    case 'queue_number': {
      const queueNumber = readInteger(record, 'queueNumber', 0);
      if (!queueNumber.ok) return queueNumber;
      return ok(
        withOptional<QueueNumberOutbound>(
          { type, direction, userId, queueNumber: queueNumber.value },
          { estimatedWaitSeconds: readOptionalNumber(record, 'estimatedWaitSeconds', 0) },
        ),
      );
    }
    case 'typing_on':
    case 'typing_off':
      return ok(withOptional<TypingOnOutbound | TypingOffOutbound>({ type, direction, userId }, { agent: readAgent(own(record, 'agent')) }));
    case 'platform_closed':
      return ok(withOptional<PlatformClosedOutbound>({ type, direction, userId }, { text: readOptionalText(record, 'text') }));
    case 'end_session':
      return ok(withOptional<EndSessionOutbound>({ type, direction, userId }, { reasonText: readOptionalText(record, 'reasonText') }));
    case 'agent_done':
      return ok(
        withOptional<AgentDoneOutbound>({ type, direction, userId }, { text: readOptionalText(record, 'text'), agent: readAgent(own(record, 'agent')) }),
      );
    default:
      return { ok: false, reason: `unknown outbound type "${type}"` };
  }
}
