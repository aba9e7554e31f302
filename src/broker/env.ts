/**
 * Broker options from the environment (the table at the top of `main.ts` lists every variable).
 * A malformed value throws a message naming the variable and the expected form (DESIGN §7).
 */

import { randomBytes } from 'node:crypto';
import type { BrokerLimits } from './limits.ts';
import { parseAllowedOrigins } from './origins.ts';
import type { BrokerOptions } from './server.ts';

const LIMIT_VARIABLES: Record<keyof BrokerLimits, string> = {
  maxFrameBytes: 'SERMO_MAX_FRAME_BYTES',
  customerEventsPerSecond: 'SERMO_CUSTOMER_RATE',
  customerBurst: 'SERMO_CUSTOMER_BURST',
  maxCustomerSocketsPerIp: 'SERMO_MAX_SOCKETS_PER_IP',
  backlogMaxEvents: 'SERMO_BACKLOG_EVENTS',
  backlogMaxAgeMs: 'SERMO_BACKLOG_MS',
  maxImageBytes: 'SERMO_MAX_IMAGE_BYTES',
  imageStoreBytes: 'SERMO_IMAGE_STORE_BYTES',
  dedupeWindow: 'SERMO_DEDUPE_WINDOW',
  conversationIdleMs: 'SERMO_CONVERSATION_IDLE_MS',
  pingIntervalMs: 'SERMO_PING_INTERVAL_MS',
  maxBufferedBytes: 'SERMO_MAX_BUFFERED_BYTES',
};

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
    const value = readNumber(env, name, 1);
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
  return { options, devKey };
}
