/**
 * The attacker of the "under attack" suite (`attack.ts`), run as its own process so it never shares an event
 * loop with the broker or with the legitimate customer being measured. From 127.0.0.1 (the customer probe
 * uses ::1, another client address), for `durationMs`, it does one of the things DESIGN §6.2 bounds, and keeps
 * doing it as a persistent attacker would:
 * - `slow-headers`: holds `count` connections whose request headers never end (a byte a second), each
 *   opened again a second after the broker closed it;
 * - `uploads`: keeps `count` image uploads trickling (100 bytes every 100 ms of a declared 5 MB body), as a
 *   customer with an open socket, each started again a second after it ended;
 * - `flood`: `count` sockets at a time, back to back, each beginning a new conversation with a 2 KB message;
 * - `webhook-sessions`: `count` sessions opened and closed (two webhooks each), then waits out the duration.
 * Prints one JSON `AttackResult` line and exits.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { AttackPlan, AttackResult } from './attack-plan.ts';

// The parent suite's own plan (bench/broker/attack.ts), not wire data.
const plan = JSON.parse(process.argv[2] ?? '{}') as AttackPlan;
const base = new URL(plan.url);
const port = Number(base.port);
const ORIGIN = 'http://localhost:8080';
const outcomes: Record<string, number> = {};
let attempts = 0;
const endsAt = Date.now() + plan.durationMs;
const live = new Set<Socket | WebSocket>();

const count = (outcome: string) => {
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const statusOf = (text: string) => /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 'closed without status';

/**
 * Keeps `slots` attempts going until the end: each runs `once` and, when it ends, starts over after
 * `pauseMs` (a refused connection is retried, as a client that wants in does, without spinning).
 */
async function persist(slots: number, pauseMs: number, once: () => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: slots }, async () => {
      while (Date.now() < endsAt) {
        attempts += 1;
        await once();
        if (Date.now() < endsAt) await sleep(pauseMs);
      }
    }),
  );
}

/** One raw connection: `write` is called once connected, with the socket; resolves when it closes. */
function rawConnection(write: (socket: Socket) => void): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    live.add(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => write(socket));
    socket.once('close', () => {
      live.delete(socket);
      if (Date.now() < endsAt) count(statusOf(received));
      resolve();
    });
  });
}

function slowHeaders(): Promise<void> {
  return rawConnection((socket) => {
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
    const drip = setInterval(() => {
      if (Date.now() >= endsAt) socket.destroy();
      else socket.write('a');
    }, 1_000);
    socket.once('close', () => clearInterval(drip));
  });
}

/** A customer socket bound to a conversation, so its uploads are allowed (DESIGN §6.2). */
function openConversation(): Promise<string> {
  return new Promise((resolve, reject) => {
    const userId = randomUUID();
    const ws = new WebSocket(`${plan.url.replace(/^http/, 'ws')}/ws`, { headers: { Origin: ORIGIN } });
    live.add(ws);
    ws.once('open', () => ws.send(JSON.stringify({ type: 'heartbeat', direction: 'inbound', userId, id: 'bind' })));
    ws.once('message', () => resolve(userId));
    ws.once('error', reject);
  });
}

function trickledUpload(userId: string): Promise<void> {
  return rawConnection((socket) => {
    socket.write(
      `POST /images HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n` +
        `Origin: ${ORIGIN}\r\nX-Sermo-User: ${userId}\r\n\r\n{"image":"`,
    );
    const drip = setInterval(() => {
      if (Date.now() >= endsAt) socket.destroy();
      else socket.write('A'.repeat(100));
    }, 100);
    socket.once('close', () => clearInterval(drip));
  });
}

function newConversation(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${plan.url.replace(/^http/, 'ws')}/ws`, { headers: { Origin: ORIGIN } });
    const userId = randomUUID();
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'start', direction: 'inbound', userId, params: {}, id: randomUUID() }));
      ws.send(JSON.stringify({ type: 'text', direction: 'inbound', userId, text: 'x'.repeat(2_000), id: randomUUID() }));
    });
    // The broker acks an admitted conversation's events, or closes the socket with 1008.
    ws.once('message', () => {
      count('admitted');
      ws.close();
    });
    ws.on('close', (code) => {
      if (code === 1008) count('refused 1008');
      resolve();
    });
    ws.on('error', () => {
      count('error');
      resolve();
    });
  });
}

/** Opens and closes one session: `start`, then `client_left`, each acked. */
function session(): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${plan.url.replace(/^http/, 'ws')}/ws`, { headers: { Origin: ORIGIN } });
    const userId = randomUUID();
    let acks = 0;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'start', direction: 'inbound', userId, params: {}, id: randomUUID() })));
    ws.on('message', () => {
      acks += 1;
      if (acks === 1) {
        ws.send(JSON.stringify({ type: 'client_left', direction: 'inbound', userId, text: 'bye', at: new Date().toISOString(), id: randomUUID() }));
      } else {
        count('session');
        ws.close();
      }
    });
    ws.on('close', () => resolve());
    ws.on('error', () => {
      count('error');
      resolve();
    });
  });
}

async function run(): Promise<Omit<AttackResult, 'healthAfter'>> {
  switch (plan.kind) {
    case 'slow-headers':
      await persist(plan.count, 1_000, slowHeaders);
      break;
    case 'uploads': {
      const userId = await openConversation();
      await persist(plan.count, 1_000, () => trickledUpload(userId));
      break;
    }
    case 'flood':
      await persist(plan.count, 0, newConversation);
      break;
    case 'webhook-sessions': {
      let next = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < plan.count) {
            next += 1;
            attempts += 1;
            await session();
          }
        }),
      );
      await sleep(Math.max(0, endsAt - Date.now()));
      break;
    }
  }
  return { attempts, outcomes };
}

/** After the attack: whether the broker still answers plain HTTP. */
function healthStatus(): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

const deadline = setTimeout(() => process.exit(3), plan.durationMs + 60_000);
run().then(
  async (result) => {
    for (const socket of live) (socket instanceof WebSocket ? socket.terminate() : socket.destroy());
    const health = await healthStatus();
    clearTimeout(deadline);
    const answer: AttackResult = { ...result, healthAfter: health };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`attacker: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
