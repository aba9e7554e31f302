/**
 * An application socket on the real broker (`/ws/app`), playing the bot / agent desk side of a
 * conversation: it records every frame the broker sends it, parsed by the protocol's own application parser,
 * and sends outbound events encoded by the protocol's encoder (DESIGN §6: applications speak format 2).
 *
 * Tests wait for conditions, never for time: `waitFor` resolves with the first recorded frame (already
 * received or still to come) that matches, and rejects with what did arrive when it times out.
 */
import { WebSocket } from 'ws';
import { encodeFrame, parseApplicationFrame } from '../../src/protocol/index.ts';
import type {
  AckFrame,
  Agent,
  ErrorFrame,
  InboundEvent,
  SermoEvent,
  TextOutbound,
  ApplicationSentFrame,
} from '../../src/protocol/index.ts';

/** Anything a parsed application frame can be. */
export type AgentFrame = ApplicationSentFrame | AckFrame | ErrorFrame;

export type InboundOf<K extends InboundEvent['type']> = Extract<InboundEvent, { type: K }>;

/** What `say` sends when the test names no agent: a human agent, so queue lines go away as DESIGN §4 says. */
export const DEFAULT_AGENT: Agent = { id: 'anna01', name: 'Anna', type: 'human' };

const WAIT_MS = 5_000;

/** A known inbound event (the widget's own vocabulary), not an unknown type routed through. */
export function isInbound(frame: AgentFrame): frame is InboundEvent {
  return 'direction' in frame && frame.direction === 'inbound' && !('unknown' in frame);
}

interface Waiter {
  test: (frame: AgentFrame) => boolean;
  resolve: (frame: AgentFrame) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class AgentSocket {
  /** Every frame the broker sent this application, in order. */
  readonly frames: AgentFrame[] = [];
  /** Frames the protocol parser refused (never expected from the reference broker). */
  readonly unparsed: string[] = [];
  private readonly waiters = new Set<Waiter>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.receive(data.toString()));
    ws.on('close', () => {
      for (const waiter of this.waiters) waiter.reject(new Error('the application socket closed'));
      this.dispose();
    });
  }

  /** Opens `/ws/app?apiKey=...` and resolves once the socket is open. */
  static connect(wsBase: string, apiKey: string): Promise<AgentSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${wsBase}/ws/app?apiKey=${encodeURIComponent(apiKey)}`);
      const agent = new AgentSocket(ws);
      ws.once('open', () => resolve(agent));
      ws.once('error', reject);
    });
  }

  private receive(text: string): void {
    const parsed = parseApplicationFrame(text);
    if (!parsed.ok) {
      this.unparsed.push(text);
      return;
    }
    const frame = parsed.event;
    this.frames.push(frame);
    for (const waiter of [...this.waiters]) {
      if (!waiter.test(frame)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(frame);
    }
  }

  /** The first frame, received or to come, that matches; rejects after `timeout` ms listing what came. */
  waitFor<T extends AgentFrame>(test: (frame: AgentFrame) => frame is T, timeout?: number): Promise<T>;
  waitFor(test: (frame: AgentFrame) => boolean, timeout?: number): Promise<AgentFrame>;
  waitFor(test: (frame: AgentFrame) => boolean, timeout = WAIT_MS): Promise<AgentFrame> {
    const found = this.frames.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`no matching frame within ${timeout} ms; received: ${this.summary()}`));
        }, timeout),
      };
      this.waiters.add(waiter);
    });
  }

  /** The first inbound event of `type` (for `userId`, if given) that also passes `match`. */
  waitForInbound<K extends InboundEvent['type']>(
    type: K,
    match: (event: InboundOf<K>) => boolean = () => true,
    timeout?: number,
  ): Promise<InboundOf<K>> {
    // A generic `type` does not narrow a union by comparison; this predicate says what the check proves.
    const ofType = (event: InboundEvent): event is InboundOf<K> => event.type === type;
    const test = (frame: AgentFrame): frame is InboundOf<K> => isInbound(frame) && ofType(frame) && match(frame);
    return this.waitFor(test, timeout);
  }

  /** Waits until `count` inbound events of `type` for `userId` have arrived; returns them in order. */
  async waitForCount<K extends InboundEvent['type']>(type: K, userId: string, count: number, timeout = WAIT_MS): Promise<InboundOf<K>[]> {
    let seen = 0;
    await this.waitForInbound(type, (event) => event.userId === userId && ++seen >= count, timeout).catch((error: Error) => {
      throw new Error(`expected ${count} ${type} events for ${userId}, got ${this.inbound(type, userId).length}: ${error.message}`);
    });
    return this.inbound(type, userId);
  }

  /** Inbound events received so far, of one type (or all), for one userId (or all). */
  inbound<K extends InboundEvent['type']>(type: K, userId?: string): InboundOf<K>[];
  inbound(type?: undefined, userId?: string): InboundEvent[];
  inbound(type?: InboundEvent['type'], userId?: string): InboundEvent[] {
    return this.frames.filter(
      (frame): frame is InboundEvent =>
        isInbound(frame) && (type === undefined || frame.type === type) && (userId === undefined || frame.userId === userId),
    );
  }

  /** An event, written by the protocol's encoder. */
  send(frame: SermoEvent): void {
    this.ws.send(encodeFrame(frame));
  }

  /** Any text, for hostile-input tests. */
  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** An agent text to a customer; `extra` adds or overrides fields (`typing`, `quickReplies`, `agent`...). */
  say(userId: string, text: string, extra: Partial<Omit<TextOutbound, 'type' | 'direction' | 'userId'>> = {}): void {
    this.send({ type: 'text', direction: 'outbound', userId, text, agent: DEFAULT_AGENT, ...extra });
  }

  /** One line per frame type, for failure messages. */
  private summary(): string {
    const counts = new Map<string, number>();
    for (const frame of this.frames) {
      const key = 'direction' in frame ? `${frame.direction} ${frame.type}` : frame.type;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, n]) => `${key} x${n}`).join(', ') || 'nothing';
  }

  private dispose(): void {
    for (const waiter of this.waiters) clearTimeout(waiter.timer);
    this.waiters.clear();
  }

  /** Closes the socket and drops every pending wait. */
  close(): Promise<void> {
    this.dispose();
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close(1000);
    });
  }
}
