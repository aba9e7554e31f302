/**
 * The demo bot: an application client of the broker (`/ws/app?apiKey=`, format 2) that runs `script.ts`
 * for every conversation. This file owns the per-conversation timers and the heartbeat, over the
 * reconnecting socket every client of the broker shares (src/connection/reconnecting-socket.ts, with `ws`
 * as its WebSocket); `close()` clears all of them.
 */
import WebSocket from 'ws';
import { createReconnectingSocket } from '../connection/reconnecting-socket.ts';
import { encodeFrame, parseApplicationFrame, refusalText } from '../protocol/index.ts';
import { uploadImage as upload } from '../protocol/images.ts';
import type { SermoEvent } from '../protocol/events.ts';
import { toScriptInput } from './inputs.ts';
import { isOpen, type OpeningHours } from './opening-hours.ts';
import { renderRouterPng } from './router-png.ts';
import { step, type ConversationState, type ScriptAction, type ScriptInput, type TimerName } from './script.ts';
import { DEFAULT_TIMINGS, type BotTimings } from './timings.ts';

export interface DemoBotOptions {
  /** Where the bot reaches the broker, e.g. `http://127.0.0.1:8080`. */
  brokerUrl: string;
  apiKey: string;
  /** Where customers' browsers reach the broker (the played agent's `avatarUrl`); default `brokerUrl`. */
  publicUrl?: string;
  timings?: Partial<BotTimings>;
  /** Off by default: always open. */
  openingHours?: OpeningHours;
  /** The clock for opening hours. */
  now?: () => Date;
  log?: (line: string) => void;
}

export interface DemoBot {
  close(): Promise<void>;
}

/** Reconnects after the broker goes away: quick at first, then every few seconds. */
const MAX_RECONNECT_MS = 5000;
/** Label in the broker's /healthz. */
const APP_NAME = 'demo-bot';

/** Connect the bot; resolves once it is connected (and its picture uploaded, if the broker allows). */
export async function startDemoBot(options: DemoBotOptions): Promise<DemoBot> {
  const timings: BotTimings = { ...DEFAULT_TIMINGS, ...options.timings };
  const brokerUrl = options.brokerUrl.replace(/\/$/, '');
  const publicUrl = (options.publicUrl ?? brokerUrl).replace(/\/$/, '');
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  /**
   * `ws` as the socket's WebSocket: one constructor signature, the URL (its overloads do not fit the type).
   * An `error` is followed by `close`, which the socket handles; without a listener Node would throw it.
   */
  class NodeWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      this.on('error', (error) => log(`demo bot: ${error.message}`));
    }
  }
  const socketUrl = `${brokerUrl.replace(/^http/, 'ws')}/ws/app?apiKey=${encodeURIComponent(options.apiKey)}`;

  const conversations = new Map<string, ConversationState>();
  const timers = new Map<string, Map<TimerName, ReturnType<typeof setTimeout>>>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let imageId: string | undefined;

  const open = () => isOpen(options.openingHours, now());

  function send(event: SermoEvent): void {
    if (!socket.send(encodeFrame(event))) log(`demo bot: not connected, dropped ${event.type}`);
  }

  function cancelTimers(userId: string): void {
    for (const t of timers.get(userId)?.values() ?? []) clearTimeout(t);
    timers.delete(userId);
  }

  function schedule(userId: string, name: TimerName, ms: number): void {
    const own = timers.get(userId) ?? new Map<TimerName, ReturnType<typeof setTimeout>>();
    timers.set(userId, own);
    clearTimeout(own.get(name));
    own.set(
      name,
      setTimeout(() => {
        own.delete(name);
        dispatch(userId, { kind: 'timer', name });
      }, ms),
    );
  }

  function perform(userId: string, action: ScriptAction): void {
    switch (action.kind) {
      case 'send':
        return send(action.event);
      case 'schedule':
        return schedule(userId, action.name, action.ms);
      case 'cancel_timers':
        return cancelTimers(userId);
    }
  }

  function dispatch(userId: string, input: ScriptInput): void {
    const result = step(conversations.get(userId), input, {
      userId,
      timings,
      open: open(),
      hoursLabel: options.openingHours?.label ?? '',
      imageId,
      publicUrl,
    });
    if (result.state) conversations.set(userId, result.state);
    else conversations.delete(userId);
    for (const action of result.actions) perform(userId, action);
  }

  function onMessage(text: string): void {
    const parsed = parseApplicationFrame(text);
    if (!parsed.ok) {
      log(`demo bot: dropped a frame (${refusalText(parsed.reason)})`);
      return;
    }
    const event = parsed.event;
    if (event.type === 'error' && 'reason' in event) {
      log(`demo bot: the broker refused a frame: ${String(event.reason)}`);
      return;
    }
    if (!isKnownEvent(event)) return;
    const routed = toScriptInput(event);
    if (routed) dispatch(routed.userId, routed.input);
  }

  function beat(): void {
    send({ type: 'application_heartbeat', direction: 'internal', available: open(), name: APP_NAME });
  }

  let connected: { resolve(): void; reject(error: Error): void } | null = null;
  const socket = createReconnectingSocket({
    url: socketUrl,
    WebSocketImpl: NodeWebSocket,
    random: Math.random,
    maxDelay: () => MAX_RECONNECT_MS,
    onOpen() {
      connected?.resolve();
      connected = null;
      beat();
      heartbeat = setInterval(beat, timings.heartbeatMs);
      // The picture could not be uploaded before: try again now that the broker is back.
      if (imageId === undefined) void uploadImage();
    },
    onMessage,
    onClose() {
      clearInterval(heartbeat);
      heartbeat = undefined;
    },
    onStatus(status) {
      // Never got in (a wrong key, no broker): starting fails, as it always has.
      if (status !== 'unreachable' || !connected) return;
      socket.stop();
      connected.reject(new Error(`demo bot: cannot connect to ${brokerUrl}`));
      connected = null;
    },
  });

  /** The bot's picture (seed 001 `POST /images?apiKey=`), once per bot. */
  async function uploadImage(): Promise<void> {
    if (imageId !== undefined) return;
    const url = `${brokerUrl}/images?apiKey=${encodeURIComponent(options.apiKey)}`;
    const result = await upload({ fetch, url, image: new Blob([new Uint8Array(renderRouterPng())]) });
    if (result.ok) imageId = result.id;
    // The bot still works; it sends its router advice without the picture.
    else log(`demo bot: image upload failed (${result.status === undefined ? result.reason : `HTTP ${result.status}`})`);
  }

  await uploadImage();
  await new Promise<void>((resolve, reject) => {
    connected = { resolve, reject };
    socket.start();
  });

  return {
    close: async () => {
      clearInterval(heartbeat);
      for (const userId of [...timers.keys()]) cancelTimers(userId);
      conversations.clear();
      socket.stop();
    },
  };
}

function isKnownEvent(event: object): event is SermoEvent {
  return 'direction' in event && !('unknown' in event);
}
