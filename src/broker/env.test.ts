import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from './env.ts';

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
