/**
 * Broker options from the environment (README "The reference broker" lists every variable).
 * A malformed value throws a message naming the variable and the expected form (DESIGN §7).
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { parseTrustedProxies } from './client-address.ts';
import type { BrokerLimits } from './limits.ts';
import { parseAllowedOrigins } from './origins.ts';
import type { BrokerOptions } from './server.ts';

/** The environment variable of each limit (README "The reference broker" lists them with their defaults). */
export const LIMIT_VARIABLES: Record<keyof BrokerLimits, string> = {
  maxFrameBytes: 'SERMO_MAX_FRAME_BYTES',
  customerEventsPerSecond: 'SERMO_CUSTOMER_RATE',
  customerBurst: 'SERMO_CUSTOMER_BURST',
  maxCustomerSocketsPerIp: 'SERMO_MAX_SOCKETS_PER_IP',
  maxConnections: 'SERMO_MAX_CONNECTIONS',
  headersTimeoutMs: 'SERMO_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'SERMO_REQUEST_TIMEOUT_MS',
  newChatsPerMinute: 'SERMO_NEW_CHATS_PER_MINUTE',
  backlogMaxEvents: 'SERMO_BACKLOG_EVENTS',
  backlogMaxAgeMs: 'SERMO_BACKLOG_MS',
  backlogTotalBytes: 'SERMO_BACKLOG_TOTAL_BYTES',
  maxImageBytes: 'SERMO_MAX_IMAGE_BYTES',
  imageStoreBytes: 'SERMO_IMAGE_STORE_BYTES',
  imageMaxAgeMs: 'SERMO_IMAGE_MAX_AGE_MS',
  maxUploadsPerIp: 'SERMO_MAX_UPLOADS_PER_IP',
  maxUploads: 'SERMO_MAX_UPLOADS',
  imagesPerConversation: 'SERMO_IMAGES_PER_CONVERSATION',
  imageBytesPerConversation: 'SERMO_IMAGE_BYTES_PER_CONVERSATION',
  imageQuotaMs: 'SERMO_IMAGE_QUOTA_MS',
  dedupeWindow: 'SERMO_DEDUPE_WINDOW',
  conversationIdleMs: 'SERMO_CONVERSATION_IDLE_MS',
  pingIntervalMs: 'SERMO_PING_INTERVAL_MS',
  maxBufferedBytes: 'SERMO_MAX_BUFFERED_BYTES',
  webhookConcurrency: 'SERMO_WEBHOOK_CONCURRENCY',
  webhookTimeoutMs: 'SERMO_WEBHOOK_TIMEOUT_MS',
  webhookQueue: 'SERMO_WEBHOOK_QUEUE',
};

/** Limits where 0 means "off" (DESIGN §6.2: `SERMO_NEW_CHATS_PER_MINUTE=0` for load tests); every other is at least 1. */
const ZERO_TURNS_OFF = new Set<keyof BrokerLimits>(['newChatsPerMinute']);

type Env = Record<string, string | undefined>;

/** A whole number >= min from the environment; throws a message naming the variable and the form. */
function readNumber(env: Env, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name}=${JSON.stringify(raw)}: expected a whole number of at least ${min}`);
  }
  return value;
}

function readList(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Broker options from the environment; throws on a malformed value, naming it. */
export function optionsFromEnv(env: Env): { options: BrokerOptions; devKey: string | null } {
  const limits: Partial<BrokerLimits> = {};
  for (const [key, name] of Object.entries(LIMIT_VARIABLES) as [keyof BrokerLimits, string][]) {
    const value = readNumber(env, name, ZERO_TURNS_OFF.has(key) ? 0 : 1);
    if (value !== undefined) limits[key] = value;
  }
  const apiKeys = readList(env, 'SERMO_API_KEYS');
  const devKey = apiKeys.length === 0 ? `dev-${randomBytes(12).toString('base64url')}` : null;
  const options: BrokerOptions = {
    port: readNumber(env, 'PORT', 0) ?? 8080,
    host: env['HOST']?.trim() || '127.0.0.1',
    apiKeys: devKey === null ? apiKeys : [devKey],
    limits,
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const trustedProxies = parseTrustedProxies(env['SERMO_TRUSTED_PROXIES']);
  if (trustedProxies !== null) options.trustedProxies = trustedProxies;
  const origins = parseAllowedOrigins(env['SERMO_ALLOWED_ORIGINS']);
  if (origins !== undefined) options.allowedOrigins = origins;
  const staticDir = env['SERMO_STATIC']?.trim();
  if (staticDir) options.staticDir = staticDir;
  const webhookUrl = env['SERMO_WEBHOOK_URL']?.trim();
  if (webhookUrl) {
    const secret = env['SERMO_WEBHOOK_SECRET'];
    if (!secret) throw new Error('SERMO_WEBHOOK_SECRET: required when SERMO_WEBHOOK_URL is set');
    const delays = readList(env, 'SERMO_WEBHOOK_RETRY_MS').map(Number);
    if (delays.some((delay) => !Number.isSafeInteger(delay) || delay < 0)) {
      throw new Error('SERMO_WEBHOOK_RETRY_MS: expected a comma list of whole milliseconds');
    }
    options.webhook = { url: webhookUrl, secret, ...(delays.length > 0 ? { retryDelaysMs: delays } : {}) };
  }
  const redisUrl = env['SERMO_REDIS_URL']?.trim();
  if (redisUrl) {
    if (!/^rediss?:\/\/[^/\s]+(\/\d+)?\/?$/.test(redisUrl)) {
      throw new Error('SERMO_REDIS_URL: expected redis://HOST:PORT[/DB] (DESIGN §6.1)');
    }
    options.cluster = { redisUrl, node: env['SERMO_NODE_ID']?.trim() || `${hostname()}:${process.pid}` };
  }
  return { options, devKey };
}
