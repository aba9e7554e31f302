/**
 * The agent console's state: signals the components read, and the actions they call. Every action an
 * agent takes becomes one or more format 2 events; the broker does not echo an application's own
 * events back, so each sent event is folded into the conversation here as well.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Agent, QuickReply, SermoEvent } from '../protocol/events.ts';
import type { AppConnection, ConnectionStatus, ConnectOptions } from './connection.ts';
import { applyEvent, byActivity, type Conversation, type Conversations } from './model.ts';

export interface ConsoleDeps {
  connect: (options: Pick<ConnectOptions, 'url' | 'onEvent' | 'onStatus'>) => AppConnection;
  /** e.g. `ws://localhost:8080/ws/app`; the key is added as `?apiKey=`. */
  socketUrl: string;
  /** For the agent's avatar: `<base>/demo/agents/agent.svg`. */
  assetsBase: string;
  now: () => number;
}

export interface TextOptions {
  quickReplies?: readonly string[];
  imageId?: string;
  /** DESIGN §4: show the text through the markdown subset. */
  markdown?: boolean;
  /** DESIGN §4.4: sent as written; the widget narrows them. */
  attachments?: readonly unknown[];
}

export interface ConsoleState {
  status: ReadonlySignal<ConnectionStatus | 'no-key'>;
  apiKey: ReadonlySignal<string | null>;
  agentName: ReadonlySignal<string>;
  agentId: ReadonlySignal<string>;
  conversations: ReadonlySignal<readonly Conversation[]>;
  selected: ReadonlySignal<Conversation | null>;
  /** Ticks every second while connected, for "last heartbeat 4 s ago". */
  clock: ReadonlySignal<number>;

  useKey(key: string): void;
  setAgentName(name: string): void;
  select(userId: string): void;
  claim(): void;
  sendText(text: string, options?: TextOptions): boolean;
  sendInfo(text: string): boolean;
  sendQueueNumber(position: number, estimatedWaitSeconds?: number): boolean;
  typing(on: boolean): void;
  agentDone(): boolean;
  endSession(reasonText: string): boolean;
  platformClosed(): boolean;
  dispose(): void;
}

/** seed 000's agent_done sentence, in English. */
export const AGENT_DONE_TEXT =
  'The agent has left the chat. If anything is still unclear, just write another message here and we will pick up where we left off.';

const slug = (name: string) => name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'agent';

export function createConsoleState(deps: ConsoleDeps): ConsoleState {
  const status = signal<ConnectionStatus | 'no-key'>('no-key');
  const apiKey = signal<string | null>(null);
  const agentName = signal('Alex');
  const agentId = computed(() => `agent-${slug(agentName.value)}`);
  const all = signal<Conversations>(new Map());
  const selectedId = signal<string | null>(null);
  const clock = signal(deps.now());
  let connection: AppConnection | null = null;
  const ticker = setInterval(() => (clock.value = deps.now()), 1000);

  const conversations = computed(() => byActivity(all.value));
  const selected = computed(() => (selectedId.value === null ? null : all.value.get(selectedId.value) ?? null));

  function receive(event: SermoEvent): void {
    let next = applyEvent(all.value, event, deps.now());
    // The open conversation is being read: its new messages are not unread.
    const open = selectedId.value === null ? undefined : next.get(selectedId.value);
    if (open && open.unread > 0) next = new Map(next).set(open.userId, { ...open, unread: 0 });
    all.value = next;
  }

  /** Send one event and record it; false (and nothing recorded) when offline. */
  function emit(event: SermoEvent): boolean {
    if (!connection?.send(event)) return false;
    receive(event);
    return true;
  }

  function agent(): Agent {
    return { id: agentId.value, name: agentName.value, type: 'human', avatarUrl: `${deps.assetsBase}/demo/agents/agent.svg` };
  }

  /** Runs `build` for the open conversation, claiming it from the bot first (seed 001 internal claim_session). */
  function act(build: (userId: string) => SermoEvent[]): boolean {
    const c = selected.value;
    if (!c) return false;
    return batch(() => {
      if (c.claimedBy !== agentId.value && !emit({ type: 'claim_session', direction: 'internal', userId: c.userId, agentId: agentId.value })) {
        return false;
      }
      return build(c.userId).every(emit);
    });
  }

  return {
    status,
    apiKey,
    agentName,
    agentId,
    conversations,
    selected,
    clock,

    useKey(key) {
      connection?.dispose();
      apiKey.value = key;
      connection = deps.connect({
        url: `${deps.socketUrl}?apiKey=${encodeURIComponent(key)}`,
        onEvent: receive,
        onStatus: (s) => (status.value = s),
      });
    },
    setAgentName(name) {
      if (name.trim() !== '') agentName.value = name.trim().slice(0, 40);
    },
    select(userId) {
      batch(() => {
        selectedId.value = userId;
        const c = all.value.get(userId);
        if (c && c.unread > 0) all.value = new Map(all.value).set(userId, { ...c, unread: 0 });
      });
    },
    claim: () => void act(() => []),
    sendText(text, options = {}) {
      const quickReplies: QuickReply[] = (options.quickReplies ?? [])
        .map((t) => t.trim())
        .filter(Boolean)
        .map((t) => ({ type: 'postback', text: t, payload: slug(t) }));
      return act((userId) => [
        {
          type: 'text',
          direction: 'outbound',
          userId,
          text,
          agent: agent(),
          ...(quickReplies.length ? { quickReplies } : {}),
          ...(options.imageId !== undefined ? { imageId: options.imageId } : {}),
          ...(options.markdown ? { format: 'markdown' as const } : {}),
          ...(options.attachments ? { attachments: options.attachments } : {}),
        },
      ]);
    },
    sendInfo: (text) => act((userId) => [{ type: 'info', direction: 'outbound', userId, text }]),
    sendQueueNumber: (queueNumber, estimatedWaitSeconds) =>
      act((userId) => [
        { type: 'queue_number', direction: 'outbound', userId, queueNumber, ...(estimatedWaitSeconds !== undefined ? { estimatedWaitSeconds } : {}) },
      ]),
    typing(on) {
      const c = selected.value;
      if (!c) return;
      // An agent who starts typing is taking the conversation over; stopping alone claims nothing.
      if (on) act((userId) => [{ type: 'typing_on', direction: 'outbound', userId, agent: agent() }]);
      else if (c.claimedBy === agentId.value) emit({ type: 'typing_off', direction: 'outbound', userId: c.userId, agent: agent() });
    },
    agentDone: () =>
      act((userId) => [
        // seed 000: the customer sees the sentence; seed 001: other applications get the internal event.
        { type: 'agent_done', direction: 'outbound', userId, text: AGENT_DONE_TEXT, agent: { id: 'system', name: 'Info' } },
        { type: 'agent_done', direction: 'internal', userId },
      ]),
    endSession: (reasonText) =>
      act((userId) => [{ type: 'end_session', direction: 'outbound', userId, ...(reasonText.trim() ? { reasonText: reasonText.trim() } : {}) }]),
    platformClosed: () => act((userId) => [{ type: 'platform_closed', direction: 'outbound', userId }]),
    dispose() {
      clearInterval(ticker);
      connection?.dispose();
      connection = null;
    },
  };
}
