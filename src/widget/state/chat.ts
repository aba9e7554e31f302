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
import { computed, signal } from '@preact/signals-core';
import { MAX_CUSTOMER_TEXT, encodeInbound, parseWidgetFrame } from '../../protocol/index.ts';
import type { InboundEvent, OutboundEvent, QuickReply, TextInbound } from '../../protocol/index.ts';
import { createConnection, type LinkStatus } from '../connection/connection.ts';
import { createHeartbeat } from '../connection/heartbeat.ts';
import { listen } from '../connection/listen.ts';
import { createOutbox } from '../connection/outbox.ts';
import { createSession } from '../connection/session.ts';
import { STORAGE_PREFIX, createStore } from '../connection/storage.ts';
import {
  EMPTY_STATE,
  applyEvent,
  customerMessage,
  withBotTyping,
  withCustomerEnded,
  withCustomerMessage,
  withDelivered,
  type ChatState,
} from './apply.ts';
import { createDelayQueue } from './delay-queue.ts';
import type { ChatDeps } from './deps.ts';
import { randomUUID as createUUID } from '../connection/uuid.ts';
import { uploadImage } from './image.ts';
import { clearSnapshot, loadSnapshot, saveSnapshot, transcriptLine } from './persist.ts';
import { createReadTracker } from './read-tracker.ts';
import { STATE_TEXTS } from './texts.ts';
import { createThrottle } from './throttle.ts';
import type { Chat, ImageResult, SendResult } from './types.ts';

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

/** A received event with its wire text, which the transcript keeps (persist.ts). */
type Received = [event: OutboundEvent, frame: string];

export function createChat(deps: ChatDeps): Chat {
  // Everything but the config and the URLs has a default: the browser's globals (deps.ts).
  const {
    config,
    widgetBase,
    now = Date.now,
    random = Math.random,
    randomUUID = createUUID,
    WebSocketImpl = WebSocket,
    fetch: post = (input, init) => fetch(input, init),
    window: win = typeof window === 'undefined' ? undefined : window,
  } = deps;
  const { imagesUrl } = config;
  /** What applyEvent needs besides the event's time and key. */
  const view = { texts: STATE_TEXTS[config.locale], widgetBase, imagesUrl };
  const store = createStore(() => deps.storage ?? win?.sessionStorage);
  const session = createSession(store, randomUUID);
  const outbox = createOutbox({
    store,
    key: OUTBOX_KEY,
    write: (entry) => sendNow(entry),
    acking: session.acking,
    onDelivered: (id) => update(withDelivered(state, id)),
    now,
  });
  // The customer's texts still in the outbox show as pending again.
  const pending = new Set(outbox.entries().map((e) => e.id));
  const snapshot = session.isNew ? null : loadSnapshot(store, session.userId, view, pending);

  let state: ChatState = snapshot?.state ?? EMPTY_STATE;
  /** The transcript to save: what made the messages shown, as wire frames (persist.ts). */
  let lines = snapshot?.lines ?? [];
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

  /** The state as one signal; each part the UI reads is a computed of it, which changes only when that part does. */
  const current = signal(state);
  const part = <K extends keyof ChatState>(key: K) => computed(() => current.value[key]);
  const link = signal<LinkStatus>('connecting');
  const dropped = signal(0);

  const at = () => new Date(now()).toISOString();
  const base = () => ({ direction: 'inbound' as const, userId: session.userId, id: randomUUID() });
  const sendNow = (event: InboundEvent) => connection.send(encodeInbound(event, config.protocol));

  const save = () => {
    if (saveTimer !== null) clearTimeout(saveTimer);
    saveTimer = null;
    if (persisting) saveSnapshot(store, { userId: session.userId, lastEventId: shownEventId, nextKey, state, lines });
  };

  const update = (next: ChatState) => {
    if (next === state) return;
    current.value = state = next;
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

  const connection = createConnection({
    url: config.broker,
    WebSocketImpl,
    random,
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
      link.value = status;
    },
  });

  /** The conversation is over on this side: no socket, no timers that send. */
  const stopLink = () => {
    connection.stop();
    // No link, so nothing to report: a banner about reconnecting would be wrong now.
    link.value = 'connecting';
    heartbeat.stop();
    outbox.pause();
    typing.cancel();
  };

  const showEvent = ([event, frame]: Received) => {
    const key = event.id !== undefined ? `e${event.id}` : `l${nextKey++}`;
    if (event.id !== undefined) shownEventId = Math.max(shownEventId, event.id);
    const at = now();
    // The typing indicator is not restored after a reload, so its frames are not kept.
    if (!event.type.startsWith('typing')) lines.push(transcriptLine(at, key, frame));
    const next = applyEvent(state, event, { ...view, now: at, key });
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

  /** Nothing more comes in or goes out: the link, the events waiting their turn, the typing auto-off. */
  const stopAll = () => {
    stopLink();
    received.clear();
    stopTypingTimer();
  };

  const received = createDelayQueue<Received>({
    delayOf: ([event]) => (event.type === 'text' && event.typing !== undefined ? Math.min(event.typing, MAX_BOT_TYPING_MS) : 0),
    onWait: ([event]) => update(withBotTyping(state, event, widgetBase)),
    run: showEvent,
  });

  function receiveFrame(text: string) {
    const parsed = parseWidgetFrame(text);
    const frame = parsed.ok ? parsed.event : null;
    if (frame?.type === 'ack') {
      session.markAcking();
      outbox.ack(frame.id);
    } else if (!frame || frame.type === 'error' || frame.userId !== session.userId) {
      // DESIGN §4: a bad frame is counted, never thrown. Only applications are sent errors (DESIGN §6): for a
      // customer socket one is noise too.
      dropped.value += 1;
    } else if (frame.id === undefined || frame.id > receivedEventId) {
      // DESIGN §4.3: the broker numbers outbound events; a replayed id was already received.
      if (frame.id !== undefined) receivedEventId = frame.id;
      received.push([frame, text]);
    }
  }

  const typing = createThrottle<string>(TYPING_THROTTLE_MS, (draft) => {
    if (!connection.isOpen() || state.ended !== null) return;
    sendNow({ type: 'typing_on', ...base(), text: draft.slice(0, MAX_CUSTOMER_TEXT), at: at() });
  });

  const reads = createReadTracker({
    isDocumentVisible: () => win?.document.visibilityState !== 'hidden',
    getUnread: () => state.unread,
    setUnread: (unread) => update({ ...state, unread }),
    sendRead() {
      if (connection.isOpen()) sendNow({ type: 'messages_read', ...base(), text: 'read', at: at() });
    },
  });

  const queueText = (text: string, extra: Pick<TextInbound, 'quickReplyPayload' | 'imageId'>) => {
    const entry = { type: 'text', ...base(), text, ...extra } as const;
    const at = now();
    // The text itself supersedes a draft still waiting in the typing throttle.
    typing.cancel();
    lines.push(transcriptLine(at, entry.id, encodeInbound(entry, 2)));
    update(withCustomerMessage(state, customerMessage(entry, at, imagesUrl)));
    outbox.add(entry);
    // Saved with the outbox, in the same task: a reload always finds the text in both.
    save();
  };

  const beginConversation = () => {
    outbox.clear();
    outbox.add({ type: 'start', ...base(), params: { ...deps.startParams } });
  };

  // Start up: a new conversation gets its `start` (a continued one was restored above).
  if (session.isNew) {
    clearSnapshot(store);
    beginConversation();
  }

  const wake = () => connection.wake();
  const onUnload = () => {
    // DESIGN §4: client_unload at most once per page, straight to the open socket.
    if (!unloadSent && state.ended === null && connection.isOpen()) {
      unloadSent = true;
      sendNow({ type: 'client_unload', ...base(), at: at() });
    }
    save();
  };
  // No window (outside a browser): nothing to listen to.
  const listeners = win && [
    listen(win, 'online', wake),
    listen(win, 'offline', () => connection.drop()),
    listen(win.document, 'visibilitychange', () => {
      if (win.document.visibilityState !== 'visible') return;
      wake();
      reads.check();
    }),
    listen(win, 'pagehide', onUnload),
    listen(win, 'unload', onUnload),
  ];

  if (state.ended === null) connection.start();

  return {
    messages: part('messages'),
    quickReplies: part('quickReplies'),
    queue: part('queue'),
    agentTyping: part('agentTyping'),
    currentAgent: part('currentAgent'),
    connection: link,
    ended: part('ended'),
    unread: part('unread'),
    unreadCount: computed(() => current.value.unread.length),
    droppedFrames: dropped,

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
      const result = await uploadImage({ fetch: post, imagesUrl, userId, file });
      if (!result.ok) return result;
      // The conversation may have ended or been replaced while the upload ran.
      if (disposed || state.ended !== null || session.userId !== userId) return { ok: false, reason: 'ended' };
      queueText(caption.trim().slice(0, MAX_CUSTOMER_TEXT), { imageId: result.id });
      return { ok: true };
    },

    chooseQuickReply(reply: QuickReply) {
      // queueText's message takes the buttons away (withCustomerMessage).
      if (state.ended === null) queueText(reply.text, { quickReplyPayload: reply.payload });
    },

    setDraft(text) {
      if (state.ended === null) typing.push(text);
    },

    markInView: (keys) => reads.markInView(keys),
    setPanelOpen: (open) => reads.setPanelOpen(open),

    endChat() {
      if (state.ended !== null) return;
      sendNow({ type: 'client_left', ...base(), text: view.texts.clientLeft, at: at() });
      stopAll();
      // The next conversation must be new, also after a reload: forget this one's storage.
      persisting = false;
      session.forget();
      outbox.clear();
      clearSnapshot(store);
      update(withCustomerEnded(state));
    },

    startNew() {
      stopAll();
      reads.reset();
      session.renew();
      persisting = true;
      nextKey = 0;
      lines = [];
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
      for (const off of listeners || []) off();
      stopAll();
      outbox.dispose();
      typing.dispose();
      reads.dispose();
      save();
    },
  };
}
