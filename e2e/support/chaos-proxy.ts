/**
 * A TCP proxy between the browser and the broker that can cut every connection through it and refuse new
 * ones for a while: a flapping mobile network, as the widget meets it (its WebSocket sees the connection
 * drop or fail to open), with the broker and the browser both untouched and real.
 */
import { Socket, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ChaosProxy {
  /** `ws://127.0.0.1:PORT/ws`: the broker's customer endpoint through the proxy. */
  wsUrl: string;
  /** Cuts every open connection now (half of them with a reset, half with a plain close); returns how many. */
  cutAll(): number;
  /** New connections are cut as soon as they arrive, for `ms`. */
  refuseFor(ms: number): void;
  /** Connections that were let through. */
  readonly accepted: number;
  /** Connections cut as they arrived. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function startChaosProxy(brokerPort: number, random: () => number): Promise<ChaosProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let refusingUntil = 0;
  let accepted = 0;
  let refused = 0;

  const cut = (socket: Socket, reset: boolean) => {
    if (reset && !socket.destroyed) socket.resetAndDestroy();
    else socket.destroy();
  };

  const server: Server = createServer((client) => {
    if (Date.now() < refusingUntil) {
      refused += 1;
      cut(client, true);
      return;
    }
    accepted += 1;
    const upstream = new Socket();
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.connect(brokerPort, '127.0.0.1');
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    cutAll() {
      const count = pairs.size;
      for (const pair of [...pairs]) {
        const reset = random() < 0.5;
        pairs.delete(pair);
        cut(pair[0], reset);
        cut(pair[1], reset);
      }
      return count;
    },
    refuseFor(ms) {
      refusingUntil = Date.now() + ms;
    },
    get accepted() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A seeded PRNG (mulberry32): the same seed gives the same schedule of cuts, refusals and reloads. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
