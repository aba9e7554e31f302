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
import { MAX_CUSTOMER_TEXT, MAX_RATING_COMMENT, encodeFormat2 } from '../../protocol/index.ts';
import type { OutboundEvent, QuickReply, RatingInbound, TextInbound } from '../../protocol/index.ts';
import type { UploadResult } from '../../protocol/images.ts';
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
import type { ChatDeps } from './deps.ts';
import { LOG_KEY, hasConversation, openLog, type ConversationLog, type LogEntry } from './log.ts';
import { TAB_PREFIX, othersOpen, registerTab, type TabRegistration } from './tabs.ts';
import { createReadTracker } from './read-tracker.ts';
import { startEvent } from './start.ts';
import { createThrottle } from './throttle.ts';
import type { Chat, ImageResult, PreChatAnswers, PreChatRequest, SendResult } from './types.ts';

export type { ChatDeps, PageWindow } from './deps.ts';

/** DESIGN §4: a bot's simulated typing is capped at 10 s. */
export const MAX_BOT_TYPING_MS = 10_000;
/** DESIGN §4: the typing indicator goes off 30 s after the last typing_on. */
export const AGENT_TYPING_TIMEOUT_MS = 30_000;
/** DESIGN §4: typing_on at most one per 300 ms. */
export const TYPING_THROTTLE_MS = 300;

/** The customer's own events the log keeps. */
type OwnEvent = (TextInbound | RatingInbound) & { id: string };

export function createChat(deps: ChatDeps): Chat {
  // Everything but the config, the URLs and the transport has a default: the browser's globals (deps.ts).
  const {
    config,
    texts,
    widgetBase,
    randomUUID = createUUID,
    window: win = typeof window === 'undefined' ? undefined : window,
  } = deps;
  const { imagesUrl } = config;
  const view: View = { texts, widgetBase, imagesUrl };
  const store = createStore(() => deps.storage ?? win?.sessionStorage, deps.changes);
  // DESIGN §3 resumeMinutes: 0 keeps the conversation in this tab only, with no idle limit.
  const idleMs = config.resumeMinutes ? config.resumeMinutes * 60_000 : Number.POSITIVE_INFINITY;

  /** A conversation is stored that may be continued. */
  const isStored = () => hasConversation(store, idleMs);

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

  const at = () => new Date().toISOString();
  const base = () => ({ direction: 'inbound' as const, userId: log.userId, id: randomUUID() });
  const update = (next: ChatState) => {
    current.value = state = next;
  };
  let begun = false;
  /** A conversation is under way: begun, and not ended. */
  const running = () => begun && state.ended === null && !form.peek();

  const stopTypingTimer = () => clearTimeout(typingTimer);
  /** DESIGN §4 `rating`: asked once end_session ended the conversation (with `csat`), until it is given. */
  const rating = computed(() => (config.csat && current.value.ended === 'agent' ? (current.value.rated ? 'thanks' : 'ask') : null));

  /**
   * A transport for the current conversation; `resuming` from the log, or (for a rating) with nothing to
   * replay. `adopted`: another tab began the conversation.
   */
  const connect = (resuming: boolean, adopted = false) => {
    transports.push(
      (link.value = transport =
        deps.connect({
          userId: log.userId,
          store,
          lastEventId: log.lastEventId,
          resuming,
          sendsStart: log.isNew || (!adopted && !othersOpen(store, tab?.key)),
          onEvent: (event) => received.push(event),
          onDelivered: (id) => update(withDelivered(state, id)),
          onDropped() {
            dropped.value += 1;
          },
        })),
    );
  };

  /**
   * DESIGN §4.4: attachments no card can show are skipped and counted like bad frames. Narrowing them comes in
   * the cards' chunk (DESIGN §8), so they are counted once it is in (never, if it cannot load).
   */
  const countSkipped = (list: readonly unknown[]) =>
    import('./attachment-view.ts').then((chunk) => void (dropped.value += chunk.viewAttachments({ list, imagesUrl }).skipped), () => {});

  const show = (event: OutboundEvent) => {
    // Events without an id (a seed broker's) are keyed by a UUID, unique across reloads too.
    const entry: LogEntry = { at: Date.now(), key: event.id !== undefined ? `e${event.id}` : randomUUID(), event };
    // Another tab's copy of it came first (DESIGN §4.5: once per tab).
    if (log.has(entry.key)) return;
    // The typing indicator is not restored after a reload, so its frames are not kept. An agent message that
    // belongs before one another tab's write brought first is shown in its place. The log keeps the event as
    // it was read (log.ts).
    showEntries([entry], event.type.startsWith('typing') || log.append(entry, JSON.stringify(event)));
    if (event.type === 'text' && event.attachments) void countSkipped(event.attachments);
    // The 30 s auto-off runs from the last typing_on, until something else turns the indicator off.
    if (event.type === 'typing_on' || state.agentTyping === null) stopTypingTimer();
    if (event.type === 'typing_on') {
      typingTimer = setTimeout(() => update({ ...state, agentTyping: null }), AGENT_TYPING_TIMEOUT_MS);
    }
  };

  /**
   * Entries this tab did not show yet, received or from another tab (DESIGN §4.5). `last`: they come last in the
   * log; else the log is replayed, with them in their places.
   */
  const showEntries = (entries: LogEntry[], last: boolean) => {
    const endedNow = state.ended === null;
    update(last ? applyEntries(state, entries, view, isPending) : { ...replay(), agentTyping: state.agentTyping });
    // end_session: what waits in the outbox is still delivered, then the socket closes.
    if (endedNow && state.ended !== null) transport.finish();
    reads.check();
  };

  const received = createDelayQueue<OutboundEvent>({
    delayOf: (event) => (event.type === 'text' && event.typing !== undefined ? Math.min(event.typing, MAX_BOT_TYPING_MS) : 0),
    onWait: (event) => update(withBotTyping(state, event, widgetBase)),
    run: show,
  });

  const typing = createThrottle<string>(TYPING_THROTTLE_MS, (draft) => {
    if (running()) transport.send({ type: 'typing_on', ...base(), text: draft.slice(0, MAX_CUSTOMER_TEXT), at: at() });
  });

  const reads = createReadTracker({
    canSee: () => panelOpen.peek() && win?.document.visibilityState !== 'hidden',
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

  /** The customer's own text or rating as a log entry, keyed by its id, with the format 2 frame the outbox sends. */
  const ownEntry = (event: OwnEvent): LogEntry & { event: OwnEvent } => ({ at: Date.now(), key: event.id, event });
  const logOwn = (entry: LogEntry & { event: OwnEvent }, now?: boolean) => log.append(entry, encodeFormat2(entry.event), now);

  /**
   * The customer's text or rating: shown at once (a text as pending), and stored in the same task as its
   * outbox entry, so a reload always finds it in both. The outbox first: another tab (DESIGN §4.5) that
   * hears of a text knows it is still waiting.
   */
  const record = (event: OwnEvent) => {
    const entry = ownEntry(event);
    update(applyEntries(state, [entry], view, () => true));
    transport.enqueue(event);
    logOwn(entry, true);
  };

  const queueText = (text: string, extra: Pick<TextInbound, 'quickReplyPayload' | 'imageId'>) => {
    // The text itself supersedes a draft still waiting in the typing throttle.
    typing.cancel();
    record({ type: 'text', ...base(), text, ...extra });
  };

  /** Whether the customer's text `id` still waits in the outbox ("Sending…"). */
  const isPending = (id: string) => transport.pending().some((e) => e.id === id);

  /** The whole log through the reducer: after a reload, or when another tab's write put entries before ours. */
  const replay = () => {
    // DESIGN §5: a transcript cut after a reload begins with a line that says so.
    const cut = log.cut ? withSystemLine(EMPTY_STATE, { now: Date.now(), key: 'cut' }, view.texts.earlierNotShown, 'info') : EMPTY_STATE;
    return withReadUpTo(applyEntries(cut, log.entries, view, isPending), log.read);
  };

  /**
   * The stored conversation, replayed through the reducer (customer texts still in the outbox show as
   * "Sending…"), or a new one with its `start` (with the pre-chat answers in its params); and its transport.
   * At start-up, and when another tab began the next one (`adopted`).
   */
  const restore = (adopted?: boolean, extra: PreChatAnswers = {}) => {
    log = openLog(store, randomUUID, idleMs, deps.format1);
    connect(!log.isNew, adopted);
    // A text the stored log lacks (storage full, or another tab's write went over it) still waits in the
    // outbox: logged again, at the end.
    for (const event of transport.pending()) {
      if (event.type === 'text' && !log.has(event.id)) logOwn(ownEntry(event));
    }
    update(replay());
    if (log.isNew) transport.enqueue(startEvent(base(), { ...deps.startParams, ...extra }, deps.format1));
    if (state.ended === null) transport.start();
    else transport.finish();
  };
  /**
   * No conversation is stored: none begins (no storage, no socket) until the panel first opens, or another
   * tab begins one, which this tab then shows (DESIGN §4, §4.5). In script-tag mode the iframe also comes when
   * another tab's conversation starts, so a minimised tab must not race it with a conversation of its own.
   */
  let tab: TabRegistration | null = null;
  /**
   * The merge of other tabs' writes comes in a chunk of its own (tab-sync.ts), which a tab alone never needs. It
   * loads when another tab of the conversation is open, or shows up (registers): so it is in before that tab
   * writes, even if the network goes meanwhile. One that cannot load (null) is tried again at the next change.
   */
  const loadMerge = () => import('./tab-sync.ts').catch(() => null);
  const register = () => {
    tab = registerTab(store, randomUUID);
    if (othersOpen(store, tab.key)) void loadMerge();
  };
  /** The pre-chat form before a new conversation, if there is one (nothing is begun until it is submitted). */
  const askFirst = () => config.preChat.length > 0 && ((form.value = { fields: config.preChat, answers }), true);
  const begin = (adopted?: boolean, extra?: PreChatAnswers) => {
    if (begun) return;
    // A conversation stored, begun by another tab, or with its answers given needs no form.
    if (!adopted && !extra && !isStored() && askFirst()) return;
    form.value = null;
    begun = true;
    // DESIGN §4.5: this tab counts among the conversation's open tabs (client_unload goes with the last one).
    // Registered before the conversation is written: a tab that finds the conversation then also finds this
    // tab open, and leaves its `start` to this one (`sendsStart`), so `start` goes once.
    if (deps.changes) register();
    restore(adopted, extra);
  };
  // Without other tabs (no shared storage) there is no race: the conversation begins at once.
  if (!deps.changes || isStored()) begin();

  /**
   * This conversation is no longer the stored one (ended or replaced in another tab): what waits in its outbox
   * goes from memory, and the outbox stored under the same key is left to the next conversation's.
   */
  const leaveReplaced = () => {
    transport.forget(true);
    if (running()) {
      stopLocal();
      transport.finish();
      update(withCustomerEnded(state));
    }
    // The next conversation, begun in another tab (its form submitted there): this tab's form goes.
    if (isStored()) {
      form.value = null;
      reads.reset();
      restore(true);
    }
  };
  /**
   * Another tab changed the stored conversation (DESIGN §4.5): show what it added (texts the customer sent
   * there, agent messages it received first), follow what was read there and what it delivered; if it ended
   * the conversation, it ends here too, and a conversation begun meanwhile in another tab is the one shown.
   */
  const onStoreChange = (key: string) => {
    if (key.startsWith(TAB_PREFIX)) return void loadMerge();
    if (!begun) {
      if (isStored()) begin(true);
      return;
    }
    // Ended or replaced in another tab: the stored head says so at once, without the merge's chunk (a moment
    // away, or offline not at all), so nothing of this conversation is written over the next one's keys meanwhile.
    if (key.startsWith(LOG_KEY) && log.replaced()) return leaveReplaced();
    // The merge reads the store, so one merge after the chunk is in takes in every change heard while it loaded.
    void loadMerge().then((chunk) => {
      if (!chunk || disposed) return;
      // The rest of the conversation's keys are the transport's (its outbox).
      if (!key.startsWith(LOG_KEY)) {
        transport.sync(chunk.syncOutbox);
        return;
      }
      const synced = log.sync(chunk);
      if (!synced) return leaveReplaced();
      // The log's order is the conversation's: entries another tab wrote before ours are shown there.
      showEntries(...synced);
      update(withReadUpTo(state, log.read));
    });
  };
  const stopWatching = store.watch(onStoreChange);

  const onUnload = () => {
    // DESIGN §4: client_unload at most once per page, straight to the open socket; §4.5: by the last tab.
    const last = tab?.leave() ?? true;
    if (!begun) return;
    if (!unloadSent && last && running()) unloadSent = transport.send({ type: 'client_unload', ...base(), at: at() });
    log.flush();
  };
  // No window (outside a browser): nothing to listen to.
  const listeners = win
    ? [
        listen(win.document, 'visibilitychange', () => reads.check()),
        // pagehide, not unload: it fires wherever unload does, and an unload listener keeps the page out of the
        // back/forward cache.
        listen(win, 'pagehide', onUnload),
        // Back from the back/forward cache: the page is open again, so it counts among the tabs again.
        listen(win, 'pageshow', (event) => {
          if ('persisted' in event && event.persisted && tab) {
            tab.dispose();
            register();
          }
        }),
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
    rating,
    panelOpen,

    send(text): SendResult {
      begin();
      if (!running()) return { ok: false, reason: 'ended' };
      const body = text.trim();
      if (body === '') return { ok: false, reason: 'empty' };
      if (body.length > MAX_CUSTOMER_TEXT) return { ok: false, reason: 'too_long' };
      queueText(body, {});
      return { ok: true };
    },

    async sendImage(file, caption): Promise<ImageResult> {
      begin();
      if (!running()) return { ok: false, reason: 'ended' };
      const userId = log.userId;
      // The uploader comes in a chunk of its own (DESIGN §8); one that cannot load (offline) is an upload that
      // failed, and the next attach tries again.
      const result = await import('./images.ts').then(
        (chunk) => chunk.uploadImage({ fetch: deps.fetch, imagesUrl, userId, file }),
        (): UploadResult => ({ ok: false, reason: 'upload_failed' }),
      );
      if (!result.ok) return result;
      // The conversation may have ended or been replaced while the upload ran.
      if (disposed || !running() || log.userId !== userId) return { ok: false, reason: 'ended' };
      queueText(caption.trim().slice(0, MAX_CUSTOMER_TEXT), { imageId: result.id });
      return { ok: true };
    },

    chooseQuickReply(reply: QuickReply) {
      begin();
      // The customer's message takes the buttons away (withCustomerMessage).
      if (running()) queueText(reply.text, { quickReplyPayload: reply.payload });
    },

    setDraft(text) {
      if (running()) typing.push(text);
    },

    markInView: reads.markInView,
    setPanelOpen(open) {
      panelOpen.value = open;
      if (open) begin();
      reads.check();
    },

    endChat() {
      if (!running()) return;
      leave({ type: 'client_left', ...base(), text: view.texts.clientLeft, at: at() });
      update(withCustomerEnded(state));
    },

    startNew() {
      if (!begun) return begin();
      leave();
      reads.reset();
      update(EMPTY_STATE);
      if (!askFirst()) restore();
    },

    submitPreChat(given) {
      if (!form.peek()) return;
      // The fields asked, trimmed, as the form checked them (checkPreChat); an answer wins over a host param of its name.
      answers = given;
      form.value = null;
      if (begun) restore(false, answers);
      else begin(false, answers);
    },

    rate(score, comment) {
      if (rating.peek() !== 'ask' || !(Number.isInteger(score) && score >= 1 && score <= 5)) return;
      const event: RatingInbound & { id: string } = { type: 'rating', ...base(), score, at: at() };
      const text = comment.trim().slice(0, MAX_RATING_COMMENT);
      if (text) event.comment = text;
      // The ended conversation's transport closed once its outbox was empty: a new one carries the rating,
      // from the stored outbox (so after a reload too), and closes once it is delivered (DESIGN §4.3). It asks
      // for no replay: nothing more is shown for this conversation. Logged with the conversation, so a reload
      // thanks rather than asks again (once per conversation).
      transport.dispose();
      connect(false);
      record(event);
      transport.finish();
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      for (const off of listeners) off();
      stopWatching();
      tab?.dispose();
      stopLocal();
      for (const each of transports) each.dispose();
      typing.dispose();
      reads.dispose();
      if (begun) log.dispose();
    },
  };
}
