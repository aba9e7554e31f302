/**
 * Test helpers for createChat (this folder's tests; the UI's tests may use them too), plus builders for
 * received frames in both wire formats:
 * - `setupStateChat`: the chat on fake transports (connection/fake-transport.ts): what the state does with
 *   events, and what it queues and sends, without a socket;
 * - `setupChat`: the chat wired to the real transport over a FakeSocket, as main.tsx wires it, for tests of
 *   the whole path (frames in, what the customer sees and does, frames out).
 * Sent frames are read back with the protocol parser, so every assertion also proves they are valid wire.
 */
import { EN_STATE_TEXTS } from './texts.ts';
import { SV_STATE_TEXTS } from './texts-sv.ts';
import { afterEach, beforeEach, vi } from 'vitest';
import type { WidgetConfig } from '../../config/config.ts';
import * as format1 from '../../protocol/format1.ts';
import { parseCustomerFrame, refusalText } from '../../protocol/index.ts';
import type { InboundEvent } from '../../protocol/index.ts';
import { createFakeConnect } from '../connection/fake-transport.ts';
import { createFakeSocket, type FakeSocket } from '../../connection/fake-socket.ts';
import { createTransport } from '../connection/transport.ts';
import { createMemoryStorage } from '../platform/memory-storage.ts';
import type { Changes } from '../platform/storage.ts';
import { createChat, type ChatDeps } from './chat.ts';

export const TEST_CONFIG: WidgetConfig = {
  broker: 'ws://broker.test/ws',
  locale: 'en',
  protocol: 2,
  heartbeatMs: 10_000,
  resumeMinutes: 30,
  imagesUrl: 'http://broker.test',
  preChat: [],
  csat: true,
  notify: ['title'],
};

/** A window with just what the chat listens to; visibility is settable. */
export class FakeWindow extends EventTarget {
  readonly document = Object.assign(new EventTarget(), { visibilityState: 'visible' });

  setVisibility(state: 'visible' | 'hidden'): void {
    this.document.visibilityState = state;
    this.document.dispatchEvent(new Event('visibilitychange'));
  }
}

export interface TestChatOptions extends Partial<Omit<ChatDeps, 'config' | 'connect'>> {
  config?: Partial<WidgetConfig>;
  /** Prefix of the ids randomUUID makes (`<prefix>-1`, ...); a "reloaded" chat needs another one. */
  idPrefix?: string;
}

function deps(options: TestChatOptions) {
  const { config, idPrefix = 'id', ...rest } = options;
  const storage = rest.storage ?? createMemoryStorage();
  const win = new FakeWindow();
  let n = 0;
  const randomUUID = () => `${idPrefix}-${++n}`;
  const base = {
    texts: config?.locale === 'sv' ? SV_STATE_TEXTS : EN_STATE_TEXTS,
    startParams: { queue: 'billing' },
    widgetBase: 'https://cdn.test/sermo/',
    randomUUID,
    window: win,
    // As main.tsx: wire format 1 is loaded before the chat with `protocol=1`.
    format1: config?.protocol === 1 ? format1 : undefined,
    ...rest,
    storage,
    config: { ...TEST_CONFIG, ...config },
  };
  return { base, storage, win, randomUUID };
}

/** The chat on fake transports: `fakes.last()` is the current conversation's. */
export function setupStateChat(options: TestChatOptions = {}) {
  const { base, storage, win } = deps(options);
  const fakes = createFakeConnect();
  const chat = createChat({ ...base, connect: fakes.connect });
  return { chat, fakes, transport: fakes.last, storage, win };
}

/**
 * DESIGN §4.5 with fake tabs: one storage shared by the tabs; a write by one is heard by the others when `deliver()` runs, like `storage` events
 * (later, in order, never to the tab that wrote). Each tab is a `setupStateChat` on its own fake transports.
 * `copies`: each tab reads its own copy, which another tab's write reaches only when delivered (host storage).
 */
export function createSite(options: { copies?: boolean } = {}) {
  const shared = createMemoryStorage();
  const listeners = new Map<number, Set<(key: string) => void>>();
  /** With `copies`: each tab's own copy of the store, as host storage keeps it (platform/host-storage.ts). */
  const copies = new Map<number, Storage>();
  const queue: [from: number, key: string, value: string | null][] = [];
  let tabs = 0;
  const write = (storage: Storage, key: string, value: string | null) => (value === null ? storage.removeItem(key) : storage.setItem(key, value));
  const tabStorage = (id: number): { storage: Storage; changes: Changes } => {
    let copy = shared;
    if (options.copies) {
      // The copy comes whole when the tab opens; then each write of another tab, with its value, when delivered.
      copies.set(id, (copy = createMemoryStorage()));
      for (let i = 0; i < shared.length; i++) write(copy, shared.key(i) ?? '', shared.getItem(shared.key(i) ?? ''));
    }
    const own = (key: string, value: string | null) => {
      write(shared, key, value);
      if (copy !== shared) write(copy, key, value);
      queue.push([id, key, value]);
    };
    return {
      storage: Object.assign(Object.create(copy) as Storage, {
        setItem: (key: string, value: string) => own(key, value),
        removeItem: (key: string) => own(key, null),
      }),
      changes(listener) {
      const set = listeners.get(id) ?? new Set();
      listeners.set(id, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    };
  };
  return {
    shared,
    /** A new tab of the site with the widget: its chat, fake transports and window. */
    open(config: Partial<WidgetConfig> = {}) {
      const id = ++tabs;
      const tab = setupStateChat({ ...tabStorage(id), idPrefix: `tab${id}`, config });
      return { ...tab, close: () => (tab.win.dispatchEvent(new Event('pagehide')), tab.chat.dispose()) };
    },
    /** The same on the real transport over FakeSockets (`fake.sockets`): what each tab puts on the wire. */
    openWired(config: Partial<WidgetConfig> = {}) {
      const id = ++tabs;
      const tab = setupChat({ ...tabStorage(id), idPrefix: `tab${id}`, config });
      return { ...tab, close: () => (tab.win.dispatchEvent(new Event('pagehide')), tab.chat.dispose()) };
    },
    /**
     * Deliver the storage events written so far (and those they cause), in order, each in a task of its own as
     * a browser does: a tab merges what it heard once its merge chunk is in (tab-sync.ts), which a test's dynamic
     * import brings within a few microtasks, so each event's merge is awaited before the next is delivered.
     */
    async deliver() {
      while (this.deliverOne()) await vi.dynamicImportSettled();
    },
    /** Deliver the next storage event only, and not wait for any merge it starts; false when none is queued. */
    deliverOne(): boolean {
      const next = queue.shift();
      if (!next) return false;
      const [from, key, value] = next;
      for (const [id, set] of listeners) {
        if (id === from) continue;
        const copy = copies.get(id);
        if (copy) write(copy, key, value);
        for (const listener of set) listener(key);
      }
      return true;
    },
  };
}

/** The chat on the real transport over FakeSockets, as main.tsx wires it. */
export function setupChat(options: TestChatOptions = {}) {
  const { base, storage, win, randomUUID } = deps(options);
  const fake = createFakeSocket();
  const { broker: url, heartbeatMs } = base.config;
  const chat = createChat({
    ...base,
    connect: (conversation) =>
      createTransport(conversation, {
        url,
        format1: base.format1,
        loadFormat1: async () => format1,
        heartbeatMs,
        WebSocketImpl: fake.WebSocketImpl,
        random: () => 0,
        randomUUID,
        window: win,
      }),
  });
  return { chat, fake, storage, win };
}

/** What a socket sent, parsed back as inbound events (a frame that does not parse fails the test). */
export function sentEvents(socket: FakeSocket): InboundEvent[] {
  return socket.sent.map((frame) => {
    const parsed = parseCustomerFrame(frame);
    if (!parsed.ok) throw new Error(`sent an invalid frame (${refusalText(parsed.reason)}): ${frame}`);
    return parsed.event;
  });
}

/** A received frame in format 2 (seed 001). */
export function frame2(userId: string, type: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, direction: 'outbound', userId, ...fields });
}

/** A received frame in format 1 (seed 000): `raw` holds message, agent, typing, data.image. */
export function frame1(userId: string, type: string, top: Record<string, unknown> = {}, raw: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, platform: 'webchat', user: { id: userId }, ...top, raw: { to: userId, ...raw } });
}

/** The chat tests' clock: fake timers from a fixed day, real ones again after each test. */
export function useFixedClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** The texts of a transcript, in order. */
export const textsOf = (messages: readonly { text: string }[]) => messages.map((m) => m.text);

/** A format 2 text from the human agent Anders, with the broker's id. */
export const agentText = (userId: string, text: string, id: number) => frame2(userId, 'text', { text, agent: { id: 'anan01', name: 'Anders' }, id });

/** A site with two tabs of one conversation: the first opened its panel, the second took the conversation up. */
export async function twoTabs() {
  const site = createSite();
  const one = site.open();
  one.chat.setPanelOpen(true);
  const two = site.open();
  await site.deliver();
  return { site, one, two };
}
