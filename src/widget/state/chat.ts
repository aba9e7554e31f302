/**
 * createChat: the chat model the UI renders (types.ts). The conversation is its log (log.ts), from which
 * the visible state is derived by the one reducer (`applyEntries`): live, one entry at a time, and after a
 * reload, every stored entry at once; the same code either way. The transport of the conversation
 * (`deps.connect`, connection/transport.ts) carries events both ways.
 *
 *   transport event -> bot-typing queue -> log entry -> applyEntries -> signals
 *   actions -> InboundEvent -> transport (the outbox for start, text, client_left, rating; at once for
 *   typing, read receipts and unload)
 *
 * With a pre-chat form (DESIGN §3 `preChat`) a new conversation is not begun (nothing stored, no socket)
 * until the form is submitted; its `start` then carries the answers in `params`.
 *
 * A reload finds the log (the transcript as wire frames, the userId, the newest message read) and the
 * transport's outbox; the broker's replay, from the highest id in the log, adds what came meanwhile.
 */
import { computed, signal } from '@preact/signals-core';
import { MAX_CUSTOMER_TEXT, MAX_RATING_COMMENT, encodeInbound } from '../../protocol/index.ts';
import type { OutboundEvent, QuickReply, RatingInbound, TextInbound } from '../../protocol/index.ts';
import type { OutboxEntry, Transport } from '../connection/transport.ts';
import { listen } from '../platform/listen.ts';
import { createStore } from '../platform/storage.ts';
import { randomUUID as createUUID } from '../platform/uuid.ts';
import {
  EMPTY_STATE,
  applyEntries,
  withBotTyping,
  withCustomerEnded,
  withDelivered,
  withReadUpTo,
  withSystemLine,
  type ChatState,
  type View,
} from './apply.ts';
import { createDelayQueue } from './delay-queue.ts';
import { uploadImage } from './image.ts';
import type { ChatDeps } from './deps.ts';
import { hasLog, openLog, type ConversationLog, type LogEntry } from './log.ts';
import { createReadTracker } from './read-tracker.ts';
import { startEvent } from './start.ts';
import { STATE_TEXTS } from './texts.ts';
import { createThrottle } from './throttle.ts';
import type { Chat, ImageResult, PreChatAnswers, PreChatRequest, SendResult } from './types.ts';

export type { ChatDeps, PageWindow } from './deps.ts';

/** DESIGN §4: a bot's simulated typing is capped at 10 s. */
export const MAX_BOT_TYPING_MS = 10_000;
/** DESIGN §4: the typing indicator goes off 30 s after the last typing_on. */
export const AGENT_TYPING_TIMEOUT_MS = 30_000;
/** DESIGN §4: typing_on at most one per 300 ms. */
export const TYPING_THROTTLE_MS = 300;

/** A received event with its wire text, which the log keeps. */
type Received = [event: OutboundEvent, frame: string];

export function createChat(deps: ChatDeps): Chat {
  // Everything but the config, the URLs and the transport has a default: the browser's globals (deps.ts).
  const {
    config,
    widgetBase,
    now = Date.now,
    randomUUID = createUUID,
    fetch: post = (input, init) => fetch(input, init),
    window: win = typeof window === 'undefined' ? undefined : window,
  } = deps;
  const { imagesUrl } = config;
  const view: View = { texts: STATE_TEXTS[config.locale], widgetBase, imagesUrl };
  const store = createStore(() => deps.storage ?? win?.sessionStorage);

  let state: ChatState = EMPTY_STATE;
  /** The state as one signal; each part the UI reads is a computed of it, which changes only when that part does. */
  const current = signal(state);
  const part = <K extends keyof ChatState>(key: K) => computed(() => current.value[key]);
  const dropped = signal(0);
  /** Every transport made; those of ended conversations may still be delivering what waits in their outbox. */
  const transports: Transport[] = [];
  /** The current conversation's transport, as a signal for the connection status; none before the first begins. */
  const link = signal<Transport | null>(null);
  /** The pre-chat form waiting; while it does, there is no conversation (and, at first, no log or transport). */
  const form = signal<PreChatRequest | null>(null);
  const panelOpen = signal(false);
  /** The last answers given on this page, to fill in the form of a new chat. */
  let answers: PreChatAnswers = {};
  let log!: ConversationLog;
  let transport!: Transport;
  let unloadSent = false;
  let disposed = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const at = () => new Date(now()).toISOString();
  const base = () => ({ direction: 'inbound' as const, userId: log.userId, id: randomUUID() });
  const update = (next: ChatState) => {
    current.value = state = next;
  };
  /** A conversation is under way: begun, and not ended. */
  const running = () => state.ended === null && !form.peek();

  const stopTypingTimer = () => clearTimeout(typingTimer);

  /** A transport for the current conversation; `resuming` from the log, or (for a rating) with nothing to replay. */
  const connect = (resuming: boolean) => {
    transports.push(
      (link.value = transport =
        deps.connect({
          userId: log.userId,
          store,
          lastEventId: log.lastEventId,
          resuming,
          onEvent: (event, frame) => received.push([event, frame]),
          onDelivered: (id) => update(withDelivered(state, id)),
          onDropped() {
            dropped.value += 1;
          },
        })),
    );
  };

  /** The conversation stored, or a new one; and its transport. */
  const open = () => {
    log = openLog(store, randomUUID);
    connect(!log.isNew);
  };

  /**
   * DESIGN §4.4: attachments no card can show are skipped and counted like bad frames. Narrowing them comes in
   * the cards' chunk (DESIGN §8), so they are counted once it is in (never, if it cannot load).
   */
  const countSkipped = (list: readonly unknown[]) =>
    import('./attachment-view.ts').then(({ viewAttachments }) => void (dropped.value += viewAttachments({ list, imagesUrl }).skipped), () => {});

  const show = ([event, frame]: Received) => {
    // Events without an id (a seed broker's) are keyed by a UUID, unique across reloads too.
    const entry: LogEntry = { at: now(), key: event.id !== undefined ? `e${event.id}` : randomUUID(), event };
    // The typing indicator is not restored after a reload, so its frames are not kept.
    if (!event.type.startsWith('typing')) log.append(entry, frame);
    const next = applyEntries(state, [entry], view, () => false);
    if (event.type === 'text' && event.attachments) void countSkipped(event.attachments);
    const endedNow = state.ended === null && next.ended !== null;
    update(next);
    // The 30 s auto-off runs from the last typing_on, until something else turns the indicator off.
    if (event.type === 'typing_on' || next.agentTyping === null) stopTypingTimer();
    if (event.type === 'typing_on') {
      typingTimer = setTimeout(() => update({ ...state, agentTyping: null }), AGENT_TYPING_TIMEOUT_MS);
    }
    // end_session: what waits in the outbox is still delivered, then the socket closes.
    if (endedNow) transport.finish();
    reads.check();
  };

  const received = createDelayQueue<Received>({
    delayOf: ([event]) => (event.type === 'text' && event.typing !== undefined ? Math.min(event.typing, MAX_BOT_TYPING_MS) : 0),
    onWait: ([event]) => update(withBotTyping(state, event, widgetBase)),
    run: show,
  });

  const typing = createThrottle<string>(TYPING_THROTTLE_MS, (draft) => {
    if (running()) transport.send({ type: 'typing_on', ...base(), text: draft.slice(0, MAX_CUSTOMER_TEXT), at: at() });
  });

  const reads = createReadTracker({
    isDocumentVisible: () => win?.document.visibilityState !== 'hidden',
    getUnread: () => state.unread,
    read(key) {
      update(withReadUpTo(state, key));
      log.markRead(key);
    },
    sendRead() {
      transport.send({ type: 'messages_read', ...base(), text: 'read', at: at() });
    },
  });

  /** Nothing more comes in for this conversation: the events waiting their turn, the typing timers. */
  const stopLocal = () => {
    received.clear();
    stopTypingTimer();
    typing.cancel();
  };

  /**
   * This conversation is over on this side: its storage goes, and its transport delivers what waits, and
   * `last` if given, from memory while the page lives (DESIGN §4.3), then closes.
   */
  const leave = (last?: OutboxEntry) => {
    stopLocal();
    transport.forget();
    if (last) transport.enqueue(last);
    transport.finish();
    log.forget();
  };

  const queueText = (text: string, extra: Pick<TextInbound, 'quickReplyPayload' | 'imageId'>) => {
    const event = { type: 'text', ...base(), text, ...extra } as const;
    const entry: LogEntry = { at: now(), key: event.id, event };
    // The text itself supersedes a draft still waiting in the typing throttle.
    typing.cancel();
    update(applyEntries(state, [entry], view, () => true));
    // Stored in the same task as its outbox entry: a reload always finds the text in both.
    log.append(entry, encodeInbound(event, 2), true);
    transport.enqueue(event);
  };

  /** A new conversation: its log and transport, and its `start` (with the pre-chat answers in its params). */
  const begin = (extra: PreChatAnswers = {}) => {
    open();
    transport.enqueue(startEvent(base(), { ...deps.startParams, ...extra }, config.protocol));
    transport.start();
  };
  /** Before a new conversation: the pre-chat form if there is one (then nothing is begun until it is submitted). */
  const beginOrAsk = () => {
    if (config.preChat.length > 0) form.value = { fields: config.preChat, answers };
    else begin();
  };

  // Start up: the stored conversation, replayed through the reducer (customer texts still in the outbox show
  // as "Sending…"), or a new one with its `start`, or the pre-chat form before it.
  if (hasLog(store)) {
    open();
    const waiting = transport.pending();
    // DESIGN §5: a transcript cut after a reload begins with a line that says so.
    const cut = log.cut ? withSystemLine(EMPTY_STATE, { now: now(), key: 'cut' }, view.texts.earlierNotShown, 'info') : EMPTY_STATE;
    const restored = applyEntries(cut, log.restored, view, (id) => waiting.some((e) => e.id === id));
    // A text the log could not keep (storage full) still waits in the outbox: shown, at the end, as pending.
    const unlogged = waiting.flatMap((event): LogEntry[] => (event.type === 'text' && !log.restored.some((e) => e.key === event.id) ? [{ at: now(), key: event.id, event }] : []));
    update(withReadUpTo(applyEntries(restored, unlogged, view, () => true), log.read));
    if (state.ended === null) transport.start();
    else transport.finish();
  } else beginOrAsk();

  const onUnload = () => {
    // DESIGN §4: client_unload at most once per page, straight to the open socket.
    if (!unloadSent && running()) unloadSent = transport.send({ type: 'client_unload', ...base(), at: at() });
    // Before the first conversation began (the pre-chat form) there is no log.
    log?.flush();
  };
  // No window (outside a browser): nothing to listen to.
  const listeners = win
    ? [
        listen(win.document, 'visibilitychange', () => reads.check()),
        listen(win, 'pagehide', onUnload),
        listen(win, 'unload', onUnload),
      ]
    : [];

  return {
    messages: part('messages'),
    quickReplies: part('quickReplies'),
    queue: part('queue'),
    agentTyping: part('agentTyping'),
    currentAgent: part('currentAgent'),
    // An ended conversation's transport may still be delivering client_left: its banner tells the truth.
    connection: computed(() => link.value?.status.value ?? 'connecting'),
    ended: part('ended'),
    unread: part('unread'),
    unreadCount: computed(() => current.value.unread.length),
    droppedFrames: dropped,
    preChat: form,
    rating: computed(() => (config.csat && current.value.ended === 'agent' ? (current.value.rated ? 'thanks' : 'ask') : null)),
    panelOpen,

    send(text): SendResult {
      if (!running()) return { ok: false, reason: 'ended' };
      const body = text.trim();
      if (body === '') return { ok: false, reason: 'empty' };
      if (body.length > MAX_CUSTOMER_TEXT) return { ok: false, reason: 'too_long' };
      queueText(body, {});
      return { ok: true };
    },

    async sendImage(file, caption): Promise<ImageResult> {
      if (!running()) return { ok: false, reason: 'ended' };
      const userId = log.userId;
      const result = await uploadImage({ fetch: post, imagesUrl, userId, file });
      if (!result.ok) return result;
      // The conversation may have ended or been replaced while the upload ran.
      if (disposed || !running() || log.userId !== userId) return { ok: false, reason: 'ended' };
      queueText(caption.trim().slice(0, MAX_CUSTOMER_TEXT), { imageId: result.id });
      return { ok: true };
    },

    chooseQuickReply(reply: QuickReply) {
      // The customer's message takes the buttons away (withCustomerMessage).
      if (running()) queueText(reply.text, { quickReplyPayload: reply.payload });
    },

    setDraft(text) {
      if (running()) typing.push(text);
    },

    markInView: (keys) => reads.markInView(keys),
    setPanelOpen(open) {
      panelOpen.value = open;
      reads.setPanelOpen(open);
    },

    endChat() {
      if (!running()) return;
      leave({ type: 'client_left', ...base(), text: view.texts.clientLeft, at: at() });
      update(withCustomerEnded(state));
    },

    startNew() {
      leave();
      reads.reset();
      update(EMPTY_STATE);
      beginOrAsk();
    },

    submitPreChat(given) {
      if (!form.peek()) return;
      // Only the fields asked, as the form checked them (checkPreChat); an answer wins over a host param of its name.
      answers = {};
      for (const { name } of config.preChat) if (given[name]?.trim()) answers[name] = given[name].trim();
      form.value = null;
      begin(answers);
    },

    rate(score, comment) {
      if (state.ended !== 'agent' || state.rated || !config.csat || !(Number.isInteger(score) && score >= 1 && score <= 5)) return;
      const event: RatingInbound & { id: string } = { type: 'rating', ...base(), score, at: at() };
      const text = comment.trim().slice(0, MAX_RATING_COMMENT);
      if (text) event.comment = text;
      const entry: LogEntry = { at: now(), key: event.id, event };
      update(applyEntries(state, [entry], view, () => false));
      // Logged with the conversation, so a reload thanks rather than asks again (once per conversation).
      log.append(entry, encodeInbound(event, 2), true);
      // The ended conversation's transport closed once its outbox was empty: a new one carries the rating,
      // from the stored outbox (so after a reload too), and closes once it is delivered (DESIGN §4.3). It asks
      // for no replay: nothing more is shown for this conversation.
      transport.dispose();
      connect(false);
      transport.enqueue(event);
      transport.finish();
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const off of listeners) off();
      stopLocal();
      for (const each of transports) each.dispose();
      typing.dispose();
      reads.dispose();
      log?.dispose();
    },
  };
}
