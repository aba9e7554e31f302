/**
 * A legitimate customer's round trip, for the "under attack" suite: customers on [::1] (another client
 * address than the attacker's 127.0.0.1) send texts the way the widget does, an echo application answers each
 * with an outbound text, and the customer times send to answer. Runs in the bench's own process, so every
 * sample is one clock's `performance.now()`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { encodeFrame, parseApplicationFrame, parseWidgetFrame } from '../../src/protocol/index.ts';

const PREFIX = 'probe:';

export interface ProbePlan {
  /** `ws://[::1]:PORT` */
  wsBase: string;
  apiKey: string;
  /** The customers' conversations: the same ones in every run of a scenario, so they are not new twice. */
  userIds: readonly string[];
  /** Texts per second per customer (the widget's outbox paces at 10 a second at most). */
  perSecond: number;
  /** Sent but not counted, before the measured window. */
  warmupMs: number;
  durationMs: number;
}

function opened(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Round-trip times in ms of the texts sent in the measured window and answered. */
export async function measureRoundTrips(plan: ProbePlan): Promise<number[]> {
  const app = await opened(`${plan.wsBase}/ws/app?apiKey=${encodeURIComponent(plan.apiKey)}`);
  app.on('message', (data) => {
    const parsed = parseApplicationFrame(data.toString());
    if (!parsed.ok || !('direction' in parsed.event)) return;
    const event = parsed.event;
    if ('unknown' in event || event.direction !== 'inbound' || event.type !== 'text' || !event.text.startsWith(PREFIX)) return;
    app.send(encodeFrame({ type: 'text', direction: 'outbound', userId: event.userId, text: event.text }));
  });

  const samples: number[] = [];
  const measureFrom = performance.now() + plan.warmupMs;
  const customers = await Promise.all(
    plan.userIds.map(async (userId) => {
      const socket = await opened(`${plan.wsBase}/ws`, { Origin: 'http://localhost:8080' });
      socket.on('message', (data) => {
        const parsed = parseWidgetFrame(data.toString());
        if (!parsed.ok || parsed.event.type !== 'text' || !parsed.event.text.startsWith(PREFIX)) return;
        const sentAt = Number(parsed.event.text.slice(PREFIX.length));
        if (sentAt >= measureFrom) samples.push(performance.now() - sentAt);
      });
      socket.send(encodeFrame({ type: 'heartbeat', direction: 'inbound', userId, id: randomUUID() }));
      return { socket, userId };
    }),
  );

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() >= measureFrom + plan.durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (const { socket, userId } of customers) {
        if (socket.readyState !== WebSocket.OPEN) continue;
        socket.send(encodeFrame({ type: 'text', direction: 'inbound', userId, text: `${PREFIX}${performance.now()}`, id: randomUUID() }));
      }
    }, 1_000 / plan.perSecond);
  });
  // The last answers in flight.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const { socket } of customers) socket.terminate();
  app.terminate();
  return samples;
}
