/**
 * The exchange in Redis (DESIGN §6.1, `SERMO_REDIS_URL`): any number of broker processes share one
 * conversation space. See `../exchange.ts` for what every exchange promises and `scripts.ts` for how one
 * script per event keeps dedupe, ids, the backlog and fan-out in agreement.
 *
 * Keys (U = userId, already a validated UUID; N = node; APP = hash of an application key):
 * - `sermo:u:U` hash (`last` id, `open` session time, `t` last touch), `sermo:u:U:log` stream (the backlog:
 *   `i` id, `f` frame), `sermo:u:U:seen:c` / `sermo:u:U:seen:a:APP` zsets (recent event ids per sender): all
 *   expire `conversationIdleMs` after the conversation's last event; the hub touches conversations with
 *   open sockets.
 * - `sermo:a:APP:seen`: recent ids of an application's events that name no userId.
 * - `sermo:idle` zset and `sermo:backlog-bytes` / `sermo:backlog-total`: eviction order and the exact byte
 *   count of all backlogs (§6.2's cap).
 * - channel `sermo:u:U`: `"<id> <frame>"` for U's customer sockets, subscribed while this node has one.
 * - stream `sermo:apps`: every application-bound frame with its node (`n`) and local connection (`c`, 0 for a
 *   customer), read by every node; about the last 10,000 entries are kept.
 * - `sermo:nodes` zset (beat times), `sermo:node:N:apps` (JSON for `/healthz`), `sermo:node:N:users` (userIds
 *   with a socket on N, for image uploads): a node silent for 6 s is not live, its keys expire in 10 s.
 * - `sermo:img:ID` hash and `sermo:imgs`, `sermo:imgs:OWNER`, `sermo:imgq:U`, `sermo:img-bytes`,
 *   `sermo:img-owner-bytes`: images and their quotas (§6.2), by the rules of the in-memory store.
 *
 * Delivery: a node never writes an event to its own sockets directly. Customer frames come back through the
 * node's subscription (in id order: the script that numbers an event publishes it), application frames
 * through its read of `sermo:apps` (in script order). The hub's per-socket tap joins live and replayed
 * frames; after the subscriber connection was lost, `resync` catches every socket up from the backlog.
 */

import { randomBytes } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import { isRecord, own, parseJsonObject } from '../../protocol/index.ts';
import type { ApplicationHandoff, ClusterPort, CustomerHandoff, Exchange, Handed, ImageShelf, ListedApplication, Receiver } from '../exchange.ts';
import type { ImageType, StoredImage } from '../images.ts';
import type { BrokerLimits } from '../limits.ts';
import { newClient, RedisHealth, Scripts } from './redis-connection.ts';
import * as lua from './scripts.ts';

export interface RedisExchangeOptions {
  redisUrl: string;
  node: string;
  limits: BrokerLimits;
  log: (line: string) => void;
}

const APPS_STREAM = 'sermo:apps';
const NODES = 'sermo:nodes';
const IDLE = 'sermo:idle';
const BACKLOG_BYTES = 'sermo:backlog-bytes';
const BACKLOG_TOTAL = 'sermo:backlog-total';
const IMAGES = 'sermo:imgs';
const IMAGE_BYTES = 'sermo:img-bytes';
const IMAGE_OWNER_BYTES = 'sermo:img-owner-bytes';
const BEAT_EVERY_MS = 2_000;
const READ_BLOCK_MS = 1_000;
/** The images of one owner (the owner string `image-routes.ts` gives: a conversation or an application identity). */
const ownerKey = (owner: string) => `sermo:imgs:${owner}`;

const conversation = (userId: string) => {
  const meta = `sermo:u:${userId}`;
  return { meta, log: `${meta}:log`, seenCustomer: `${meta}:seen:c` };
};

// ---------------------------------------------------------------------------------------------------------
// Narrowing what Redis answers (stored data read back is wire data)

function strings(reply: unknown, what: string): string[] {
  if (!Array.isArray(reply) || !reply.every((item): item is string => typeof item === 'string')) {
    throw new Error(`unexpected Redis reply for ${what}`);
  }
  return reply;
}

function wholeNumber(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** An event script's answer: a duplicate, or routed with two values ('' when absent). */
function eventReply(reply: unknown, what: string): { duplicate: true } | { duplicate: false; first: string; second: string } {
  const [kind, first = '', second = ''] = strings(reply, what);
  if (kind === 'dup') return { duplicate: true };
  if (kind !== 'ok') throw new Error(`unexpected Redis reply for ${what}`);
  return { duplicate: false, first, second };
}

function isImageType(value: string): value is ImageType {
  return value === 'image/png' || value === 'image/jpeg' || value === 'image/gif' || value === 'image/webp';
}

/** A node's applications as its beat stored them (`{"apps":[...]}`), narrowed field by field. */
function listedApplications(node: string, json: string): ListedApplication[] {
  const parsed = parseJsonObject(json, 1_000_000);
  const apps = parsed.ok ? own(parsed.value, 'apps') : undefined;
  if (!Array.isArray(apps)) return [];
  const listed: ListedApplication[] = [];
  for (const item of apps) {
    if (!isRecord(item)) continue;
    const [connection, name, available, lastBeatAt, connectedAt] = ['connection', 'name', 'available', 'lastBeatAt', 'connectedAt'].map((key) => own(item, key));
    if (typeof connection !== 'number' || typeof available !== 'boolean' || typeof connectedAt !== 'string') continue;
    listed.push({
      node,
      connection,
      name: typeof name === 'string' ? name : null,
      available,
      lastBeatAt: typeof lastBeatAt === 'string' ? lastBeatAt : null,
      connectedAt,
    });
  }
  return listed;
}

/** The entries of an `XREAD` reply (RESP2) as [stream id, fields]. */
function streamEntries(reply: unknown): [string, string[]][] {
  if (reply === null) return [];
  const entries: [string, string[]][] = [];
  if (!Array.isArray(reply)) throw new Error('unexpected Redis reply for XREAD');
  for (const stream of reply) {
    if (!Array.isArray(stream) || !Array.isArray(stream[1])) continue;
    for (const entry of stream[1]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      entries.push([entry[0], strings(entry[1], 'XREAD fields')]);
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------------------

export async function createRedisExchange(options: RedisExchangeOptions): Promise<Exchange> {
  const { redisUrl, node, limits, log } = options;
  const cmd = newClient(redisUrl, log, 'commands');
  const sub = newClient(redisUrl, log, 'subscriber');
  let reader = newClient(redisUrl, log, 'reader');
  const scripts = new Scripts(() => cmd);
  const health = new RedisHealth(cmd, () => [sub, reader]);
  let receiver: Receiver | null = null;
  let closed = false;
  let appsJson = '{"apps":[]}';
  /** Channels subscribed: the userIds with a customer socket on this node. */
  const watched = new Set<string>();
  const usersKey = `sermo:node:${node}:users`;

  for (const client of [cmd, sub, reader]) void client.connect().catch(() => undefined);

  // After the subscriber connection came back, events published meanwhile were missed: catch up from the log.
  let subReadyOnce = false;
  // The subscriber connection was lost and is being made again: live events may be missed until it is back
  // ('ready', after the client subscribed again), when the catch-up ends the gap.
  sub.on('reconnecting', () => receiver?.gap());
  sub.on('ready', () => {
    if (subReadyOnce) receiver?.resync();
    subReadyOnce = true;
  });
  health.onChange((state) => {
    if (state === 'ok') receiver?.resync();
  });

  // --- presence -------------------------------------------------------------------------------------------
  const beat = () => scripts.run(lua.BEAT_SCRIPT, [NODES, `sermo:node:${node}:apps`, usersKey], [node, appsJson]);
  const beats = setInterval(() => void beat().catch(() => undefined), BEAT_EVERY_MS);
  beats.unref();

  // --- applications' stream --------------------------------------------------------------------------------
  /**
   * Where this node's read of `sermo:apps` is. Kept across a lost reader connection (applications stay
   * connected through a short gap and must miss nothing); null, meaning "from now", at start and once Redis
   * was down (every socket was closed then: nothing is owed).
   */
  let lastRead: string | null = null;
  health.onChange((state) => {
    if (state === 'down') lastRead = null;
  });

  async function readApplications(): Promise<void> {
    while (!closed) {
      if (!reader.isReady || !cmd.isReady) {
        await new Promise((done) => setTimeout(done, 100));
        continue;
      }
      try {
        if (lastRead === null) {
          const [seconds = '0', micros = '0'] = strings(await cmd.sendCommand(['TIME']), 'TIME');
          lastRead = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000)}-0`;
        }
        const reply = await reader.sendCommand(['XREAD', 'BLOCK', String(READ_BLOCK_MS), 'COUNT', '500', 'STREAMS', APPS_STREAM, lastRead], {
          abortSignal: AbortSignal.timeout(READ_BLOCK_MS + 2_000),
          rejectInFlight: true,
        });
        for (const [id, fields] of streamEntries(reply)) {
          lastRead = id;
          const field = (name: string) => fields[fields.indexOf(name) + 1];
          const frame = field('f');
          if (frame === undefined) continue;
          const skip = field('n') === node ? (wholeNumber(field('c')) ?? 0) : 0;
          receiver?.toApplications(frame, skip);
        }
      } catch (error) {
        if (closed) return;
        // An aborted blocking read still blocks its connection on the server: start a fresh one.
        if (error instanceof Error && error.name.startsWith('Abort')) {
          reader.destroy();
          reader = newClient(redisUrl, log, 'reader');
          void reader.connect().catch(() => undefined);
        }
        await new Promise((done) => setTimeout(done, 200));
      }
    }
  }
  const reading = readApplications();

  // --- images -----------------------------------------------------------------------------------------------
  const images: ImageShelf = {
    async uploadsOf(userId) {
      const count = await cmd.sendCommand(['ZCOUNT', `sermo:imgq:${userId}`, String(Date.now() - limits.imageQuotaMs), '+inf']);
      return typeof count === 'number' ? count : 0;
    },
    async put(owner, userId, image) {
      const id = randomBytes(16).toString('base64url');
      const size = image.bytes.length;
      const reply = strings(
        await scripts.run(
          lua.IMAGE_PUT_SCRIPT,
          [`sermo:img:${id}`, IMAGES, ownerKey(owner), `sermo:imgq:${userId ?? ''}`, IMAGE_BYTES, IMAGE_OWNER_BYTES],
          [
            id,
            image.type,
            image.bytes,
            owner,
            String(size),
            String(limits.imageStoreBytes),
            String(limits.imageQuotaMs),
            String(limits.imagesPerConversation),
            String(limits.imageBytesPerConversation),
            userId === null ? '0' : '1',
          ],
        ),
        'image put',
      );
      if (reply[0] === 'ok') return { ok: true, id };
      const why = reply[1];
      return { ok: false, why: why === 'images' || why === 'bytes' ? why : 'full' };
    },
    async get(id) {
      const reply = await scripts.run(lua.IMAGE_GET_SCRIPT, [`sermo:img:${id}`, IMAGES], [String(limits.imageMaxAgeMs), id], {
        typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer },
      });
      if (!Array.isArray(reply) || reply.length !== 2) return undefined;
      const [type, bytes] = reply;
      if (!Buffer.isBuffer(type) || !Buffer.isBuffer(bytes)) return undefined;
      const name = type.toString('utf8');
      return isImageType(name) ? ({ type: name, bytes } satisfies StoredImage) : undefined;
    },
    sweep() {
      void scripts.run(lua.IMAGE_SWEEP_SCRIPT, [IMAGES, IMAGE_BYTES, IMAGE_OWNER_BYTES], [String(limits.imageMaxAgeMs)]).catch(() => undefined);
    },
  };

  // --- cluster port -----------------------------------------------------------------------------------------
  const cluster: ClusterPort = {
    node,
    redis: () => health.current,
    onRedisChange: (listener) => health.onChange(listener),
    applicationsChanged(listed) {
      appsJson = JSON.stringify({ apps: listed });
      void beat().catch(() => undefined);
    },
    async overview() {
      const deadline = { timeout: 500 };
      const reply = strings(await scripts.run(lua.OVERVIEW_SCRIPT, [NODES], []), 'overview');
      const applications: ListedApplication[] = [];
      for (let i = 0; i + 1 < reply.length; i += 2) applications.push(...listedApplications(reply[i]!, reply[i + 1]!));
      const conversations = await cmd.sendCommand(['ZCARD', IDLE], deadline);
      const total = await cmd.sendCommand(['GET', BACKLOG_TOTAL], deadline);
      return {
        applications,
        conversations: typeof conversations === 'number' ? conversations : 0,
        backlogBytes: typeof total === 'string' ? (wholeNumber(total) ?? 0) : 0,
      };
    },
  };

  const touchArgs = (userId: string) => {
    const keys = conversation(userId);
    return { keys: [keys.meta, keys.log, keys.seenCustomer, IDLE], idle: String(limits.conversationIdleMs) };
  };

  return {
    attach(hub) {
      receiver = hub;
    },
    async has(userId) {
      return (await cmd.sendCommand(['EXISTS', conversation(userId).meta])) === 1;
    },
    async touch(userId) {
      const { keys, idle } = touchArgs(userId);
      await scripts.run(lua.TOUCH_SCRIPT, keys, [userId, idle]);
    },
    async watch(userId) {
      if (!watched.has(userId)) {
        await sub.subscribe(`sermo:u:${userId}`, (message) => {
          const space = message.indexOf(' ');
          const id = wholeNumber(message.slice(0, space));
          if (space < 0 || id === null) return log(`redis: ignored a malformed message on a conversation channel`);
          receiver?.toCustomers(userId, id, message.slice(space + 1));
        });
        watched.add(userId);
      }
      await cmd.sendCommand(['SADD', usersKey, userId]);
    },
    async unwatch(userId) {
      watched.delete(userId);
      await Promise.all([sub.unsubscribe(`sermo:u:${userId}`), cmd.sendCommand(['SREM', usersKey, userId])]);
    },
    async fromCustomer({ userId, ackId, frame, session }: CustomerHandoff) {
      const { keys, idle } = touchArgs(userId);
      const reply = await scripts.run(
        lua.CUSTOMER_SCRIPT,
        [...keys, APPS_STREAM],
        [userId, ackId ?? '', frame, session?.change ?? '', session?.time ?? '', idle, String(limits.dedupeWindow), node],
      );
      const result = eventReply(reply, 'customer event');
      if (result.duplicate) return result;
      const out: Handed = { duplicate: false };
      if (result.first !== '') out.opened = result.first;
      if (result.second !== '') out.closedOpenTime = result.second;
      return out;
    },
    async fromApplication({ sender, connection, userId, ackId, body, numbered, keep, endsSession }: ApplicationHandoff) {
      const keys = conversation(userId ?? '-');
      const seen = userId === undefined ? `sermo:a:${sender}:seen` : `${keys.meta}:seen:a:${sender}`;
      const reply = await scripts.run(
        lua.APPLICATION_SCRIPT,
        [keys.meta, keys.log, keys.seenCustomer, IDLE, APPS_STREAM, seen, BACKLOG_BYTES, BACKLOG_TOTAL],
        [
          userId ?? '',
          ackId ?? '',
          body,
          numbered && userId !== undefined ? '1' : '0',
          keep ? '1' : '0',
          endsSession ? '1' : '0',
          node,
          String(connection),
          String(limits.backlogMaxEvents),
          String(limits.backlogMaxAgeMs),
          String(limits.conversationIdleMs),
          String(userId === undefined ? limits.dedupeWindow * 8 : limits.dedupeWindow),
          String(limits.backlogTotalBytes),
        ],
      );
      const result = eventReply(reply, 'application event');
      if (result.duplicate) return result;
      const out: Handed = { duplicate: false };
      const id = wholeNumber(result.first);
      if (id !== null) out.id = id;
      if (result.second !== '') out.closedOpenTime = result.second;
      return out;
    },
    async replay(userId, lastEventId) {
      const keys = conversation(userId);
      const reply = strings(
        await scripts.run(lua.REPLAY_SCRIPT, [keys.meta, keys.log], [String(lastEventId), String(limits.backlogMaxAgeMs)]),
        'replay',
      );
      const events: { id: number; frame: string }[] = [];
      for (let i = 1; i + 1 < reply.length; i += 2) {
        const id = wholeNumber(reply[i]);
        if (id !== null) events.push({ id, frame: reply[i + 1]! });
      }
      return { events, lastId: wholeNumber(reply[0]) ?? 0 };
    },
    async hasCustomer(userId) {
      return (await scripts.run(lua.HAS_CUSTOMER_SCRIPT, [NODES], [userId])) === 1;
    },
    images,
    sweep() {
      void scripts.run(lua.SWEEP_SCRIPT, [IDLE, BACKLOG_BYTES, BACKLOG_TOTAL], [String(limits.conversationIdleMs)]).catch(() => undefined);
    },
    cluster,
    // Cluster figures come from `overview()`.
    stats: () => ({ conversations: 0, backlogBytes: 0 }),
    async close() {
      closed = true;
      clearInterval(beats);
      health.stop();
      // This node's presence goes at once, not after its keys expire.
      await Promise.all([
        cmd.sendCommand(['ZREM', NODES, node], { timeout: 500 }).catch(() => undefined),
        cmd.sendCommand(['DEL', usersKey, `sermo:node:${node}:apps`], { timeout: 500 }).catch(() => undefined),
      ]);
      for (const client of [cmd, sub, reader]) client.destroy();
      await reading;
    },
  };
}
