/**
 * The Sermo wire vocabulary as types (seeds 000 and 001, DESIGN §4).
 *
 * Directions follow seed 001: `inbound` = customer -> broker -> applications, `outbound` = application ->
 * broker -> customer (and other applications), `internal` = between applications only.
 * Every event here is the *normalised* shape: seed 000 frames (`platform`/`user.id`/`raw`) are parsed into
 * these same types, so nothing past `parse.ts` knows which wire format a frame came in.
 */
import type { Refusal } from './reason.ts';

/** The two wire formats: 2 = seed 001 (`direction`/`userId`), 1 = seed 000 (`platform`/`user.id`/`raw`). */
export type WireFormat = 1 | 2;

export type Direction = 'inbound' | 'outbound' | 'internal';

/** Who wrote an outbound message. Every field is optional on the wire (seed 000 typing has `{name: ""}`). */
export interface Agent {
  id?: string;
  name?: string;
  /** `human` for a person; bots usually omit it (seed 000, seed 001). */
  type?: string;
  avatarId?: string;
  avatarUrl?: string;
}

/** seed 001: the only quick reply type is `postback`. */
export interface QuickReply {
  type: 'postback';
  text: string;
  payload: string;
}

// ---------------------------------------------------------------------------------------------------------
// Inbound: sent by the widget (DESIGN §4, first table)

interface InboundBase {
  direction: 'inbound';
  userId: string;
  /** DESIGN §4.3: a UUID on every event the widget sends; the reference broker acks it. */
  id?: string;
}

export interface StartInbound extends InboundBase {
  type: 'start';
  params: Record<string, string>;
}

export interface TextInbound extends InboundBase {
  type: 'text';
  text: string;
  quickReplyPayload?: string;
  imageId?: string;
  /** seed 000 only: an inline `data:image/...;base64,` attachment (`raw.data.image`). */
  image?: string;
}

export interface TypingOnInbound extends InboundBase {
  type: 'typing_on';
  /** The live draft. */
  text: string;
  at: string;
}

export interface HeartbeatInbound extends InboundBase {
  type: 'heartbeat';
  /** DESIGN §4.3: the highest outbound `id` seen, in the first heartbeat after a (re)connect. */
  lastEventId?: number;
}

export interface MessagesReadInbound extends InboundBase {
  type: 'messages_read';
  text: 'read';
  at: string;
}

export interface ClientLeftInbound extends InboundBase {
  type: 'client_left';
  text: string;
  at: string;
}

export interface ClientUnloadInbound extends InboundBase {
  type: 'client_unload';
  at: string;
}

/**
 * DESIGN §4 `rating` (extension): the customer rated a conversation that `end_session` ended (`csat`); once
 * per conversation, through the outbox like a text (§4.3).
 */
export interface RatingInbound extends InboundBase {
  type: 'rating';
  /** An integer from 1 to 5. */
  score: number;
  /** At most MAX_RATING_COMMENT characters. */
  comment?: string;
  at: string;
}

export type InboundEvent =
  | StartInbound
  | TextInbound
  | TypingOnInbound
  | HeartbeatInbound
  | MessagesReadInbound
  | ClientLeftInbound
  | ClientUnloadInbound
  | RatingInbound;

// ---------------------------------------------------------------------------------------------------------
// Outbound: received by the widget (DESIGN §4, second table)

interface OutboundBase {
  direction: 'outbound';
  userId: string;
  /** DESIGN §4.3: the reference broker numbers outbound events per userId; every new id is above every earlier one. */
  id?: number;
}

export interface TextOutbound extends OutboundBase {
  type: 'text';
  text: string;
  agent?: Agent;
  /** Simulated typing before the message shows, in ms (bot). */
  typing?: number;
  imageId?: string;
  /** seed 000 only: inline `data:image/(png|jpeg|gif|webp);base64,` (`raw.data.image`). */
  image?: string;
  quickReplies?: QuickReply[];
  /** DESIGN §4 (extension): `"markdown"` shows `text` through the markdown subset; without it text is plain. */
  format?: 'markdown';
  /**
   * DESIGN §4.4 (extension): the attachments as the wire carried them (JSON values, prototype keys removed),
   * not narrowed by the frame parsers: the broker routes them untouched, and what shows them narrows them
   * with `readAttachments` (attachments.ts), which skips what cannot be shown. So a plain conversation's
   * parser stays small (DESIGN §8); the narrowing comes with the cards, in a chunk of their own.
   */
  attachments?: readonly unknown[];
}

export interface InfoOutbound extends OutboundBase {
  type: 'info';
  text: string;
}

export interface QueueNumberOutbound extends OutboundBase {
  type: 'queue_number';
  queueNumber: number;
  estimatedWaitSeconds?: number;
}

export interface TypingOnOutbound extends OutboundBase {
  type: 'typing_on';
  agent?: Agent;
}

export interface TypingOffOutbound extends OutboundBase {
  type: 'typing_off';
  agent?: Agent;
}

export interface PlatformClosedOutbound extends OutboundBase {
  type: 'platform_closed';
  text?: string;
}

export interface EndSessionOutbound extends OutboundBase {
  type: 'end_session';
  reasonText?: string;
}

/** seed 000: `agent_done` reaches the customer with a message; the conversation stays open. */
export interface AgentDoneOutbound extends OutboundBase {
  type: 'agent_done';
  text?: string;
  agent?: Agent;
}

export type OutboundEvent =
  | TextOutbound
  | InfoOutbound
  | QueueNumberOutbound
  | TypingOnOutbound
  | TypingOffOutbound
  | PlatformClosedOutbound
  | EndSessionOutbound
  | AgentDoneOutbound;

// ---------------------------------------------------------------------------------------------------------
// Attachments of an outbound text (DESIGN §4.4), as `readAttachments` narrows them. URLs are absolute http(s).

/** A file: a link named by its name (and size). */
export interface FileAttachment {
  type: 'file';
  url: string;
  name: string;
  mimeType?: string;
  /** Bytes. */
  size?: number;
}

/** An image by URL or by the broker's `imageId` (at least one of the two). */
export interface ImageAttachment {
  type: 'image';
  url?: string;
  imageId?: string;
  alt?: string;
}

/** A native player: controls, no autoplay, `preload="metadata"`. */
export interface MediaAttachment {
  type: 'video' | 'audio';
  url: string;
  mimeType?: string;
}

/** A link preview card. */
export interface LinkAttachment {
  type: 'link';
  url: string;
  title?: string;
  description?: string;
  imageUrl?: string;
}

/** A place: latitude in [-90, 90], longitude in [-180, 180]. */
export interface LocationAttachment {
  type: 'location';
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** A person to call or write to; `phone` and `email` are kept only in forms safe for `tel:` and `mailto:`. */
export interface ContactAttachment {
  type: 'contact';
  name: string;
  phone?: string;
  email?: string;
}

export type Attachment = FileAttachment | ImageAttachment | MediaAttachment | LinkAttachment | LocationAttachment | ContactAttachment;

// ---------------------------------------------------------------------------------------------------------
// Internal: between applications only, never to a customer (seed 001)

interface InternalBase {
  direction: 'internal';
}

export interface HandoverToAgentInternal extends InternalBase {
  type: 'handover_to_agent';
  userId: string;
  agentId?: string;
}

export interface HandoverToQueueInternal extends InternalBase {
  type: 'handover_to_queue';
  userId: string;
  queueId?: string;
}

export interface ClaimSessionInternal extends InternalBase {
  type: 'claim_session';
  userId: string;
  agentId?: string;
}

export interface CustomerIdentifiedInternal extends InternalBase {
  type: 'customer_identified';
  userId: string;
  brandId?: string;
  customerId?: string;
}

export interface AgentDoneInternal extends InternalBase {
  type: 'agent_done';
  userId: string;
}

/** seed 001: sent every ~30 s by each application; `available: false` outside opening hours. */
export interface ApplicationHeartbeatInternal extends InternalBase {
  type: 'application_heartbeat';
  available: boolean;
  /** Optional label an application may give itself (shown in /healthz). */
  name?: string;
}

export type InternalEvent =
  | HandoverToAgentInternal
  | HandoverToQueueInternal
  | ClaimSessionInternal
  | CustomerIdentifiedInternal
  | AgentDoneInternal
  | ApplicationHeartbeatInternal;

/** Any routable Sermo event. */
export type SermoEvent = InboundEvent | OutboundEvent | InternalEvent;

// ---------------------------------------------------------------------------------------------------------
// Control frames of the reference broker (DESIGN §4.3, §6); brokers of the seeds never send them.

/** The broker received and routed (or had already routed) the event with this `id`. */
export interface AckFrame {
  type: 'ack';
  id: string;
}

/** The broker refused an application frame; the socket stays open. */
export interface ErrorFrame {
  type: 'error';
  reason: string;
}

/** What a widget can receive on its socket. */
export type CustomerReceivedFrame = OutboundEvent | AckFrame;

/**
 * An event with a valid `direction` whose `type` this code does not know. Seed 001: "all clients can
 * handle new events without breaking", so the broker routes it by direction, untouched; the widget ignores it.
 */
export interface UnknownEvent {
  type: string;
  direction: Direction;
  userId?: string;
  id?: string | number;
  unknown: true;
  /** The frame's own fields, copied onto a null-prototype object. */
  body: Record<string, unknown>;
}

/** What an application (bot, agent desk) can send the broker: format 2 only (DESIGN §6). */
export type ApplicationSentFrame = SermoEvent | UnknownEvent;

/** The result of every parse: an event, or why the frame was dropped (as data: `refusalText` words it). Never an exception. */
export type ParseResult<T> = { ok: true; event: T } | Refusal;

/**
 * What `parseApplicationFrame` returns. `ackId` is the frame's own string `id`, which the reference broker
 * acks (DESIGN §4.3); applications may send UUID ids, while the broker numbers outbound events itself.
 */
export type ApplicationParseResult =
  | { ok: true; event: ApplicationSentFrame | AckFrame | ErrorFrame; ackId?: string }
  | Refusal;
