/**
 * createChat: the chat model the UI renders (types.ts), wired to one connection.
 *
 *   socket frame -> parseWidgetFrame -> (ack -> outbox) | (outbound -> userId / dedupe filter -> bot-typing
 *   queue -> applyEvent -> signals)
 *   actions -> InboundEvent -> encodeInbound(config.protocol) -> outbox (text, start) or straight to the socket
 *
 * What survives a reload (sessionStorage, prefix `sermo.chat.`): the userId (session.ts), the undelivered
 * start/text events (outbox.ts), and the visible transcript with the last outbound id it includes
 * (persist.ts, written at most SAVE_DELAY_MS after a change and at once on pagehide). After a reload the
 * first heartbeat carries that id and the broker replays what came after it.
 */
import { batch, computed, signal } from '@preact/signals-core';
import { MAX_CUSTOMER_TEXT, encodeInbound, parseWidgetFrame } from '../../protocol/index.ts';
import type { InboundEvent, OutboundEvent, QuickReply, TextInbound } from '../../protocol/index.ts';
import { createConnection, type LinkStatus } from '../connection/connection.ts';
import { createHeartbeat } from '../connection/heartbeat.ts';
import { listen } from '../connection/listen.ts';
import { createOutbox } from '../connection/outbox.ts';
import { createSession } from '../connection/session.ts';
import { STORAGE_PREFIX, createStore } from '../connection/storage.ts';
import { imageEndpoint } from './agent-view.ts';
import {
  EMPTY_STATE,
  applyEvent,
  withBotTyping,
  withCustomerEnded,
  withCustomerMessage,
  withDelivered,
  withOutbox,
  type ChatState,
} from './apply.ts';
import { createDelayQueue } from './delay-queue.ts';
import { withDefaults, type ChatDeps } from './deps.ts';
import { uploadImage } from './image.ts';
import { clearSnapshot, loadSnapshot, saveSnapshot } from './persist.ts';
import { createReadTracker } from './read-tracker.ts';
import { STATE_TEXTS } from './texts.ts';
import { createThrottle } from './throttle.ts';
import type { Chat, CustomerMessage, ImageResult, SendResult } from './types.ts';

export type { ChatDeps, PageWindow } from './deps.ts';

/** DESIGN §4: a bot's simulated typing is capped at 10 s. */
export const MAX_BOT_TYPING_MS = 10_000;
/** DESIGN §4: the typing indicator goes off 30 s after the last typing_on. */
export const AGENT_TYPING_TIMEOUT_MS = 30_000;
/** DESIGN §4: typing_on at most one per 300 ms. */
export const TYPING_THROTTLE_MS = 300;
/** Transcript writes are coalesced: a burst of agent events is one sessionStorage write. */
export const SAVE_DELAY_MS = 250;
const OUTBOX_KEY = `${STORAGE_PREFIX}outbox`;

export function createChat(deps: ChatDeps): Chat {
  const ctx = withDefaults(deps);
  const { config, now, window: win } = ctx;
  const texts = STATE_TEXTS[config.locale];
  const store = createStore(() => deps.storage ?? win?.sessionStorage);
  const session = createSession(store, ctx.randomUUID);
  const snapshot = session.isNew ? null : loadSnapshot(store, session.userId);

  let state: ChatState = snapshot?.state ?? EMPTY_STATE;
  /** Next local message key number. */
  let nextKey = snapshot?.nextKey ?? 0;
  /** Highest outbound id shown (and saved with the transcript). */
  let shownEventId = snapshot?.lastEventId ?? 0;
  /** Highest outbound id received, shown or still waiting in the bot-typing queue: the dedupe line. */
  let receivedEventId = shownEventId;
  /** Writes to storage stop once the customer ended the conversation (its storage is cleared). */
  let persisting = true;
  /**
   * Whether the next first heartbeat resumes (sends lastEventId): after a reload, and on every reconnect;
   * not on the first connect of a brand-new conversation, which has nothing to resume.
   */
  let resuming = !session.isNew;
  let unloadSent = false;
  let disposed = false;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let typingTimer: ReturnType<typeof setTimeout> | null = null;

  const s = {
    messages: signal(state.messages),
    quickReplies: signal(state.quickReplies),
    queue: signal(state.queue),
    agentTyping: signal(state.agentTyping),
    currentAgent: signal(state.currentAgent),
    ended: signal(state.ended),
    platformClosed: signal(state.platformClosed),
    unread: signal(state.unread),
    connection: signal<LinkStatus>('connecting'),
    droppedFrames: signal(0),
  };

  const at = () => new Date(now()).toISOString();
  const base = () => ({ direction: 'inbound' as const, userId: session.userId, id: ctx.randomUUID() });
  const sendNow = (event: InboundEvent) => connection.send(encodeInbound(event, config.protocol));

  const save = () => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    if (persisting) saveSnapshot(store, { userId: session.userId, lastEventId: shownEventId, nextKey, state });
  };

  const update = (next: ChatState) => {
    if (next === state) return;
    state = next;
    batch(() => {
      s.messages.value = next.messages;
      s.quickReplies.value = next.quickReplies;
      s.queue.value = next.queue;
      s.agentTyping.value = next.agentTyping;
      s.currentAgent.value = next.currentAgent;
      s.ended.value = next.ended;
      s.platformClosed.value = next.platformClosed;
      s.unread.value = next.unread;
    });
    if (persisting && saveTimer === null) saveTimer = setTimeout(save, SAVE_DELAY_MS);
  };

  const stopTypingTimer = () => {
    if (typingTimer !== null) clearTimeout(typingTimer);
    typingTimer = null;
  };

  const heartbeat = createHeartbeat(config.heartbeatMs, (first) => {
    // DESIGN §4.3: the first heartbeat of each connection says where to resume.
    const event: InboundEvent = { type: 'heartbeat', ...base() };
    if (first && resuming) event.lastEventId = receivedEventId;
    if (first) resuming = true;
    sendNow(event);
  });

  const outbox = createOutbox({
    store,
    key: OUTBOX_KEY,
    write: (entry) => connection.send(encodeInbound(entry, config.protocol)),
    acking: session.acking,
    onDelivered: (id) => update(withDelivered(state, id)),
    now,
  });

  const connection = createConnection({
    url: config.broker,
    WebSocketImpl: ctx.WebSocketImpl,
    random: ctx.random,
    onOpen() {
      // DESIGN §4: `start` (the outbox head of a new conversation) before the first heartbeat.
      outbox.resume();
      heartbeat.start();
    },
    onMessage: (text) => receiveFrame(text),
    onClose() {
      heartbeat.stop();
      outbox.pause();
    },
    onStatus(status) {
      s.connection.value = status;
    },
  });

  /** The conversation is over on this side: no socket, no timers that send. */
  const stopLink = () => {
    connection.stop();
    // No link, so nothing to report: a banner about reconnecting would be wrong now.
    s.connection.value = 'connecting';
    heartbeat.stop();
    outbox.pause();
    typing.cancel();
  };

  const showEvent = (event: OutboundEvent) => {
    const key = event.id !== undefined ? `e${event.id}` : `l${nextKey++}`;
    if (event.id !== undefined) shownEventId = Math.max(shownEventId, event.id);
    const next = applyEvent(state, event, { texts, widgetBase: ctx.widgetBase, imagesUrl: config.imagesUrl, now: now(), key });
    const endedNow = state.ended === null && next.ended !== null;
    update(next);
    // The 30 s auto-off runs from the last typing_on, until something else turns the indicator off.
    if (event.type === 'typing_on' || next.agentTyping === null) stopTypingTimer();
    if (event.type === 'typing_on') {
      typingTimer = setTimeout(() => {
        typingTimer = null;
        update({ ...state, agentTyping: null });
      }, AGENT_TYPING_TIMEOUT_MS);
    }
    if (endedNow) stopLink();
    reads.check();
  };

  const received = createDelayQueue<OutboundEvent>({
    delayOf: (event) => (event.type === 'text' && event.typing !== undefined ? Math.min(event.typing, MAX_BOT_TYPING_MS) : 0),
    onWait: (event) => update(withBotTyping(state, event, ctx.widgetBase)),
    run: showEvent,
  });

  function receiveFrame(text: string) {
    const parsed = parseWidgetFrame(text);
    // DESIGN §4: a bad frame is counted, never thrown.
    if (!parsed.ok) {
      s.droppedFrames.value += 1;
      return;
    }
    const frame = parsed.event;
    switch (frame.type) {
      case 'ack':
        session.markAcking();
        outbox.ack(frame.id);
        return;
      case 'error':
        // Only applications are sent errors (DESIGN §6); for a customer socket it is noise.
        s.droppedFrames.value += 1;
        return;
      default:
        if (frame.userId !== session.userId) {
          s.droppedFrames.value += 1;
          return;
        }
        // DESIGN §4.3: the broker numbers outbound events; a replayed id was already received.
        if (frame.id !== undefined) {
          if (frame.id <= receivedEventId) return;
          receivedEventId = frame.id;
        }
        received.push(frame);
    }
  }

  const typing = createThrottle<string>(TYPING_THROTTLE_MS, (draft) => {
    if (!connection.isOpen() || state.ended !== null) return;
    sendNow({ type: 'typing_on', ...base(), text: draft.slice(0, MAX_CUSTOMER_TEXT), at: at() });
  });

  const reads = createReadTracker({
    isDocumentVisible: () => (win ? win.document.visibilityState === 'visible' : true),
    getUnread: () => state.unread,
    setUnread: (unread) => update({ ...state, unread }),
    sendRead() {
      if (connection.isOpen()) sendNow({ type: 'messages_read', ...base(), text: 'read', at: at() });
    },
  });

  const queueText = (text: string, extra: Pick<TextInbound, 'quickReplyPayload' | 'imageId'>, imageUrl?: string) => {
    const id = ctx.randomUUID();
    const message: CustomerMessage = { kind: 'customer', key: id, at: now(), text, status: 'pending' };
    if (imageUrl !== undefined) message.imageUrl = imageUrl;
    // The text itself supersedes a draft still waiting in the typing throttle.
    typing.cancel();
    update(withCustomerMessage(state, message));
    outbox.add({ type: 'text', direction: 'inbound', userId: session.userId, id, text, ...extra });
  };

  const beginConversation = () => {
    outbox.clear();
    outbox.add({ type: 'start', ...base(), params: { ...ctx.startParams } });
  };

  // Start up: a new conversation gets its `start`; a continued one reconciles transcript and outbox, since
  // the outbox is written at once and the transcript a moment later.
  if (session.isNew) {
    clearSnapshot(store);
    beginConversation();
  } else {
    update(withOutbox(state, outbox.entries(), now(), config.imagesUrl));
  }

  const listeners: (() => void)[] = [];
  if (win) {
    const wake = () => connection.wake();
    const onUnload = () => {
      // DESIGN §4: client_unload at most once per page, straight to the open socket.
      if (!unloadSent && state.ended === null && connection.isOpen()) {
        unloadSent = true;
        sendNow({ type: 'client_unload', ...base(), at: at() });
      }
      save();
    };
    listeners.push(
      listen(win, 'online', wake),
      listen(win.document, 'visibilitychange', () => {
        if (win.document.visibilityState !== 'visible') return;
        wake();
        reads.check();
      }),
      listen(win, 'pagehide', onUnload),
      listen(win, 'unload', onUnload),
    );
  }

  if (state.ended === null) connection.start();

  return {
    messages: s.messages,
    quickReplies: s.quickReplies,
    queue: s.queue,
    agentTyping: s.agentTyping,
    currentAgent: s.currentAgent,
    connection: s.connection,
    ended: s.ended,
    platformClosed: s.platformClosed,
    unreadCount: computed(() => s.unread.value.length),
    droppedFrames: s.droppedFrames,

    send(text): SendResult {
      if (state.ended !== null) return { ok: false, reason: 'ended' };
      const body = text.trim();
      if (body === '') return { ok: false, reason: 'empty' };
      if (body.length > MAX_CUSTOMER_TEXT) return { ok: false, reason: 'too_long' };
      queueText(body, {});
      return { ok: true };
    },

    async sendImage(file, caption): Promise<ImageResult> {
      if (state.ended !== null) return { ok: false, reason: 'ended' };
      const userId = session.userId;
      const result = await uploadImage({ fetch: ctx.fetch, imagesUrl: config.imagesUrl, userId, file });
      if (!result.ok) return result;
      // The conversation may have ended or been replaced while the upload ran.
      if (disposed || state.ended !== null || session.userId !== userId) return { ok: false, reason: 'ended' };
      queueText(caption.trim().slice(0, MAX_CUSTOMER_TEXT), { imageId: result.id }, imageEndpoint(config.imagesUrl, result.id));
      return { ok: true };
    },

    chooseQuickReply(reply: QuickReply) {
      if (state.ended !== null) return;
      update({ ...state, quickReplies: [] });
      queueText(reply.text, { quickReplyPayload: reply.payload });
    },

    setDraft(text) {
      if (state.ended === null) typing.push(text);
    },

    markInView: (keys) => reads.markInView(keys),
    setPanelOpen: (open) => reads.setPanelOpen(open),

    endChat() {
      if (state.ended !== null) return;
      sendNow({ type: 'client_left', ...base(), text: texts.clientLeft, at: at() });
      stopLink();
      received.clear();
      stopTypingTimer();
      // The next conversation must be new, also after a reload: forget this one's storage.
      persisting = false;
      session.forget();
      outbox.clear();
      clearSnapshot(store);
      update(withCustomerEnded(state));
    },

    startNew() {
      stopLink();
      received.clear();
      stopTypingTimer();
      reads.reset();
      session.renew();
      persisting = true;
      nextKey = 0;
      shownEventId = 0;
      receivedEventId = 0;
      resuming = false;
      update(EMPTY_STATE);
      beginConversation();
      save();
      connection.start();
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const off of listeners.splice(0)) off();
      stopLink();
      outbox.dispose();
      typing.dispose();
      reads.dispose();
      received.dispose();
      stopTypingTimer();
      save();
    },
  };
}
