import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBroker, type Broker } from '../broker/server.ts';
import { encodeFrame, encodeInbound, parseApplicationFrame, parseWidgetFrame } from '../protocol/index.ts';
import type { CustomerReceivedFrame, InboundEvent, SermoEvent } from '../protocol/events.ts';
import { startDemoBot, type DemoBot } from './bot.ts';

/** Conversations as the widget names them: UUIDs (DESIGN §6.2). */
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const U3 = '33333333-3333-4333-8333-333333333333';

const API_KEY = 'test-key';

/** A socket that records every parsed frame and can wait for one matching a predicate. */
function recorder<T>(ws: WebSocket, parse: (text: string) => { ok: true; event: T } | { ok: false }) {
  const seen: T[] = [];
  const waiters: { match: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  ws.on('message', (data) => {
    const parsed = parse(data.toString());
    if (!parsed.ok) return;
    seen.push(parsed.event);
    for (const w of [...waiters]) {
      if (w.match(parsed.event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed.event);
      }
    }
  });
  return {
    seen,
    next: (match: (e: T) => boolean) =>
      new Promise<T>((resolve) => {
        const earlier = seen.find(match);
        if (earlier) resolve(earlier);
        else waiters.push({ match, resolve });
      }),
  };
}

const opened = (ws: WebSocket) => new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));

describe('startDemoBot against the reference broker', () => {
  let broker: Broker;
  let bot: DemoBot | undefined;
  const sockets: WebSocket[] = [];

  beforeEach(async () => {
    broker = await startBroker({ port: 0, apiKeys: [API_KEY], log: () => {} });
  });

  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await bot?.close();
    bot = undefined;
    await broker.close();
  });

  async function customer() {
    const ws = new WebSocket(`${broker.url.replace('http', 'ws')}/ws`, { origin: 'http://localhost:5173' });
    sockets.push(ws);
    const frames = recorder<CustomerReceivedFrame>(ws, parseWidgetFrame);
    await opened(ws);
    return { frames, send: (event: InboundEvent) => ws.send(encodeInbound(event, 2)) };
  }

  async function console_() {
    const ws = new WebSocket(`${broker.url.replace('http', 'ws')}/ws/app?apiKey=${API_KEY}`);
    sockets.push(ws);
    const frames = recorder(ws, parseApplicationFrame);
    await opened(ws);
    return { frames, send: (event: SermoEvent) => ws.send(encodeFrame(event)) };
  }

  it('greets, shows the router picture it uploaded, and hands over to the queue', async () => {
    const agentDesk = await console_();
    bot = await startDemoBot({ brokerUrl: broker.url, apiKey: API_KEY, timings: { botTypingMs: 5, queueStepMs: 60_000 } });
    const c = await customer();

    c.send({ type: 'start', direction: 'inbound', userId: U1, params: {} });
    const greeting = await c.frames.next((e) => e.type === 'text');
    expect(greeting).toMatchObject({ agent: { id: 'bot', avatarId: 'bot' }, typing: 5, quickReplies: [{ text: 'Invoice' }, {}, {}] });

    c.send({ type: 'text', direction: 'inbound', userId: U1, text: 'Technical problem', quickReplyPayload: 'technical' });
    const advice = await c.frames.next((e) => e.type === 'text' && e.imageId !== undefined);
    const imageId = advice.type === 'text' ? advice.imageId : undefined;
    const image = await fetch(`${broker.url}/images/${imageId}`);
    expect(image.headers.get('content-type')).toBe('image/png');

    c.send({ type: 'text', direction: 'inbound', userId: U1, text: 'Talk to a person', quickReplyPayload: 'person' });
    expect(await c.frames.next((e) => e.type === 'queue_number')).toMatchObject({ queueNumber: 3, estimatedWaitSeconds: 135 });
    expect(await agentDesk.frames.next((e) => e.type === 'handover_to_queue')).toMatchObject({ userId: U1, queueId: 'technical' });
  });

  it('sends application_heartbeat as soon as it connects', async () => {
    const agentDesk = await console_();
    bot = await startDemoBot({ brokerUrl: broker.url, apiKey: API_KEY });
    expect(await agentDesk.frames.next((e) => e.type === 'application_heartbeat')).toMatchObject({ available: true, name: 'demo-bot' });
  });

  it('plays an agent when nobody claims, and stays silent once the console claims', async () => {
    const agentDesk = await console_();
    bot = await startDemoBot({
      brokerUrl: broker.url,
      publicUrl: 'http://localhost:8080',
      apiKey: API_KEY,
      timings: { botTypingMs: 0, queueStepMs: 5, queueStart: 2, agentTypingMs: 5 },
    });
    const waiting = await customer();
    waiting.send({ type: 'start', direction: 'inbound', userId: U2, params: {} });
    waiting.send({ type: 'text', direction: 'inbound', userId: U2, text: 'person' });
    expect(await waiting.frames.next((e) => e.type === 'text' && e.agent?.name === 'Maja')).toMatchObject({
      agent: { type: 'human', avatarUrl: 'http://localhost:8080/demo/agents/maja.svg' },
    });

    const claimed = await customer();
    claimed.send({ type: 'start', direction: 'inbound', userId: U3, params: {} });
    await claimed.frames.next((e) => e.type === 'text');
    /**
     * The bot reads one socket in order, so once it has greeted a probe conversation that the console
     * started after an event, it has handled that event, and anything it said about it came first.
     */
    let probes = 0;
    const probe = async () => {
      const userId = `probe-${++probes}`;
      agentDesk.send({ type: 'start', direction: 'inbound', userId, params: {} });
      await agentDesk.frames.next((e) => e.type === 'text' && 'userId' in e && e.userId === userId);
    };
    agentDesk.send({ type: 'claim_session', direction: 'internal', userId: U3, agentId: 'alex' });
    await probe();
    claimed.send({ type: 'text', direction: 'inbound', userId: U3, text: 'invoice please' });
    await agentDesk.frames.next((e) => e.type === 'text' && e.direction === 'inbound');
    await probe();
    const botToU3 = agentDesk.frames.seen.filter((e) => 'userId' in e && e.userId === U3 && 'direction' in e && e.direction === 'outbound');
    expect(botToU3.map((e) => e.type)).toEqual(['text']); // the greeting only
  });

  it('refuses to start against a broker that does not know its key', async () => {
    await expect(startDemoBot({ brokerUrl: broker.url, apiKey: 'wrong' })).rejects.toThrow();
  });
});
