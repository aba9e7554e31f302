/**
 * The contract between the chat state (`createChat`) and the UI components.
 * Components read these signals and call these actions; they never see the protocol or the socket.
 */
import type { ReadonlySignal } from '@preact/signals-core';
import type { PreChatField } from '../../config/config.ts';
import type { LinkStatus } from '../../connection/reconnecting-socket.ts';
import type { QuickReply } from '../../protocol/events.ts';
import type { PreChatAnswers } from './pre-chat.ts';

export type { PreChatAnswers, PreChatField, QuickReply };

/**
 * How the link to the broker is doing, for the connection banner: `reconnecting` shows "Reconnecting…",
 * `unreachable` "The chat service cannot be reached right now". One type for every client of the broker,
 * defined with what decides it (src/connection/reconnecting-socket.ts).
 */
export type ConnectionStatus = LinkStatus;

/** Who wrote an agent bubble, resolved for display. */
export interface AgentView {
  name: string;
  /** Safe http(s) or widget-relative URL; absent means the default icon (DESIGN §4). */
  avatarUrl?: string;
  /** True for a human agent (agent.type === 'human', or an id that is neither `bot` nor `system`). */
  human: boolean;
}

interface MessageBase {
  /** Stable key for rendering: the outbox id for customer messages, `e<eventId>` or a local counter otherwise. */
  key: string;
  /** Epoch ms when the message was shown (or written, for the customer's own). */
  at: number;
}

export interface CustomerMessage extends MessageBase {
  kind: 'customer';
  text: string;
  /** Object URL or images endpoint URL of an attached image. */
  imageUrl?: string;
  /** `pending` until written to the socket (and acked, against an acking broker): shows "Sending…". */
  status: 'pending' | 'sent';
}

export interface AgentMessage extends MessageBase {
  kind: 'agent';
  text: string;
  agent: AgentView;
  /** `<imagesUrl>/images/<imageId>` or a validated seed 000 data URL. */
  imageUrl?: string;
  /** DESIGN §4 `format: "markdown"`: the text is shown through the markdown subset. */
  markdown?: true;
  /** DESIGN §4.4: the attachments, shown as cards under the text. */
  attachments?: WireAttachments;
}

/**
 * An agent message's attachments as the wire carried them, and the images endpoint their `imageId`s resolve
 * against. They are narrowed where they are shown (`viewAttachments`, attachment-view.ts), which comes in a
 * lazy chunk with the cards: a plain conversation never loads it (DESIGN §8).
 */
export interface WireAttachments {
  list: readonly unknown[];
  imagesUrl: string;
}

/** A centred line: info, seed 000 `system` texts, agent_done, platform_closed, end_session. */
export interface SystemMessage extends MessageBase {
  kind: 'system';
  text: string;
  tone: 'info' | 'done' | 'closed' | 'ended';
}

export type ChatMessage = CustomerMessage | AgentMessage | SystemMessage;

/** Who ended a conversation (DESIGN §4: client_left vs end_session). */
export type EndedBy = 'customer' | 'agent';

export interface QueueView {
  position: number;
  estimatedWaitSeconds?: number;
}

export type SendResult = { ok: true } | { ok: false; reason: 'empty' | 'too_long' | 'ended' };

export type ImageResult = { ok: true } | { ok: false; reason: 'too_large' | 'bad_type' | 'upload_failed' | 'ended' };

/** DESIGN §3 `preChat`: the form that waits before a conversation begins. */
export interface PreChatRequest {
  fields: readonly PreChatField[];
  /** What the customer answered for the last conversation of this page (to fill in), else nothing. */
  answers: PreChatAnswers;
}

/** DESIGN §4 `rating`: `ask` after end_session (with `csat`) until the customer rated, then `thanks`. */
export type RatingStep = 'ask' | 'thanks';

/** The chat model: read-only signals plus actions. Created once per iframe by `createChat`. */
export interface Chat {
  messages: ReadonlySignal<readonly ChatMessage[]>;
  /** Buttons of the latest agent message only; empty once one is chosen or a newer message arrives. */
  quickReplies: ReadonlySignal<readonly QuickReply[]>;
  queue: ReadonlySignal<QueueView | null>;
  /** The agent typing indicator (explicit typing_on, or a bot `typing` delay in progress). */
  agentTyping: ReadonlySignal<AgentView | null>;
  /** The latest agent who wrote, for the header. */
  currentAgent: ReadonlySignal<AgentView | null>;
  connection: ReadonlySignal<ConnectionStatus>;
  /**
   * Who ended the conversation, or null while it runs: `agent` = end_session received, `customer` = the
   * customer confirmed "End chat" (client_left sent). Either way the composer is disabled and
   * "Start a new chat" is shown; the loader bridge closes the panel only for `customer`.
   */
  ended: ReadonlySignal<EndedBy | null>;
  /** Keys of the agent messages not yet read by the customer, oldest first (the list observes only their rows). */
  unread: ReadonlySignal<readonly string[]>;
  /** Agent messages not yet read by the customer (for the launcher badge). */
  unreadCount: ReadonlySignal<number>;
  /** Frames dropped by the parser or for another userId (DESIGN §4: counted, not thrown). */
  droppedFrames: ReadonlySignal<number>;
  /** The pre-chat form waiting to be submitted before the conversation begins; null when none waits. */
  preChat: ReadonlySignal<PreChatRequest | null>;
  /** Where the rating of an ended conversation stands; null when none is asked (running, csat off, ended by the customer). */
  rating: ReadonlySignal<RatingStep | null>;
  /** Whether the host shows the panel (always, in the iframe embed): what setPanelOpen said last. */
  panelOpen: ReadonlySignal<boolean>;

  /** Queue a customer text (outbox; shown at once as pending). */
  send(text: string): SendResult;
  /** Check, upload (POST <imagesUrl>/images with X-Sermo-User) and send an image with an optional caption. */
  sendImage(file: Blob, caption: string): Promise<ImageResult>;
  /** Send the reply's text with its payload; the buttons go away. */
  chooseQuickReply(reply: QuickReply): void;
  /** The composer's draft changed: throttled `typing_on` (300 ms, trailing draft always sent). */
  setDraft(text: string): void;
  /** These message keys are scrolled into view; read receipts go out when the panel and document are visible. */
  markInView(keys: readonly string[]): void;
  /** The host opened or minimised the panel (always true in the iframe embed). */
  setPanelOpen(open: boolean): void;
  /** The customer confirmed "End chat": sends client_left, ends the conversation on this side. */
  endChat(): void;
  /** "Start a new chat": new userId, empty history, and a new `start` (after the pre-chat form, if there is one). */
  startNew(): void;
  /** The pre-chat form was submitted (its answers checked by `checkPreChat`): the conversation begins, answers in `start.params`. */
  submitPreChat(answers: PreChatAnswers): void;
  /** Rate the conversation `end_session` ended: a whole score from 1 to 5 and an optional comment, once, through the outbox. */
  rate(score: number, comment: string): void;
  /** Close the socket and clear every timer and listener. */
  dispose(): void;
}
