import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIMIT_VARIABLES, optionsFromEnv } from './env.ts';
import { DEFAULT_LIMITS } from './limits.ts';

describe('optionsFromEnv', () => {
  it('makes a dev key when no keys are set', () => {
    const { options, devKey } = optionsFromEnv({});
    expect(devKey).toMatch(/^dev-/);
    expect(options.apiKeys).toEqual([devKey]);
    expect(options.port).toBe(8080);
    expect(options.host).toBe('127.0.0.1');
    expect(options.allowedOrigins).toBeUndefined();
  });

  it('reads keys, origins, static folder, webhook and limits', () => {
    const { options, devKey } = optionsFromEnv({
      PORT: '0',
      SERMO_API_KEYS: 'a, b,',
      SERMO_ALLOWED_ORIGINS: 'https://shop.example',
      SERMO_STATIC: 'dist',
      SERMO_WEBHOOK_URL: 'https://hooks.example/sermo',
      SERMO_WEBHOOK_SECRET: 's3cret',
      SERMO_WEBHOOK_RETRY_MS: '10,20',
      SERMO_CUSTOMER_RATE: '5',
      SERMO_MAX_SOCKETS_PER_IP: '7',
    });
    expect(devKey).toBeNull();
    expect(options).toMatchObject({
      port: 0,
      apiKeys: ['a', 'b'],
      allowedOrigins: ['https://shop.example'],
      staticDir: 'dist',
      webhook: { url: 'https://hooks.example/sermo', secret: 's3cret', retryDelaysMs: [10, 20] },
      limits: { customerEventsPerSecond: 5, maxCustomerSocketsPerIp: 7 },
    });
  });

  it('names the variable and the expected form of a bad value', () => {
    expect(() => optionsFromEnv({ SERMO_CUSTOMER_BURST: 'lots' })).toThrow(/SERMO_CUSTOMER_BURST.*whole number/);
    expect(() => optionsFromEnv({ PORT: '-1' })).toThrow(/PORT/);
    expect(() => optionsFromEnv({ SERMO_WEBHOOK_URL: 'https://x.example' })).toThrow(/SERMO_WEBHOOK_SECRET/);
    expect(() => optionsFromEnv({ SERMO_WEBHOOK_URL: 'https://x.example', SERMO_WEBHOOK_SECRET: 's', SERMO_WEBHOOK_RETRY_MS: 'soon' })).toThrow(
      /SERMO_WEBHOOK_RETRY_MS/,
    );
  });
});

describe('defaults (DESIGN §6, §6.2)', () => {
  it('are the documented values', () => {
    const MIB = 1024 * 1024;
    expect(DEFAULT_LIMITS).toEqual({
      maxFrameBytes: 64 * 1024,
      customerEventsPerSecond: 20,
      customerBurst: 40,
      maxCustomerSocketsPerIp: 100,
      maxConnections: 20_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      newChatsPerMinute: 30,
      backlogMaxEvents: 500,
      backlogMaxAgeMs: 15 * 60_000,
      backlogTotalBytes: 256 * MIB,
      maxImageBytes: 5 * MIB,
      imageStoreBytes: 256 * MIB,
      imageMaxAgeMs: 24 * 60 * 60_000,
      maxUploadsPerIp: 8,
      maxUploads: 64,
      imagesPerConversation: 20,
      imageBytesPerConversation: 25 * MIB,
      imageQuotaMs: 10 * 60_000,
      dedupeWindow: 512,
      conversationIdleMs: 15 * 60_000,
      pingIntervalMs: 30_000,
      maxBufferedBytes: 8 * MIB,
      webhookConcurrency: 16,
      webhookTimeoutMs: 10_000,
      webhookQueue: 10_000,
    });
  });

  it('are each listed in the README with the same value, under the same variable', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `(\w+)` \| ([^|]*) \|/gm)].map((match) => [match[1]!, match[2]!.trim()] as const),
    );
    for (const [limit, variable] of Object.entries(LIMIT_VARIABLES) as [keyof typeof DEFAULT_LIMITS, string][]) {
      expect(rows.has(variable), `${variable} in the README table`).toBe(true);
      expect(Number(/^\d+/.exec(rows.get(variable)!)?.[0]), variable).toBe(DEFAULT_LIMITS[limit]);
    }
    expect(rows.has('SERMO_TRUSTED_PROXIES')).toBe(true);
  });

  it('reads SERMO_NEW_CHATS_PER_MINUTE=0 as off, and SERMO_TRUSTED_PROXIES as addresses or CIDRs', () => {
    const { options } = optionsFromEnv({ SERMO_NEW_CHATS_PER_MINUTE: '0', SERMO_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.7' });
    expect(options.limits).toMatchObject({ newChatsPerMinute: 0 });
    expect(options.trustedProxies?.check('10.1.2.3')).toBe(true);
    expect(options.trustedProxies?.check('192.0.2.8')).toBe(false);
    expect(() => optionsFromEnv({ SERMO_CUSTOMER_RATE: '0' })).toThrow(/SERMO_CUSTOMER_RATE.*at least 1/);
    expect(() => optionsFromEnv({ SERMO_TRUSTED_PROXIES: 'lb.internal' })).toThrow(/SERMO_TRUSTED_PROXIES/);
  });

  it('switches to cluster mode with SERMO_REDIS_URL, names the node, and names the form of a bad URL', () => {
    expect(optionsFromEnv({}).options.cluster).toBeUndefined();
    expect(optionsFromEnv({ SERMO_REDIS_URL: 'redis://cache:6379/2', SERMO_NODE_ID: 'eu-1' }).options.cluster).toEqual({
      redisUrl: 'redis://cache:6379/2',
      node: 'eu-1',
    });
    expect(optionsFromEnv({ SERMO_REDIS_URL: 'redis://127.0.0.1:6379' }).options.cluster?.node).toMatch(/:\d+$/);
    expect(() => optionsFromEnv({ SERMO_REDIS_URL: 'cache:6379' })).toThrow('SERMO_REDIS_URL: expected redis://HOST:PORT[/DB]');
  });
});
