import { describe, expect, it } from 'vitest';
import { haproxyConfig, startRedis } from './local-cluster.ts';

describe('the local cluster', () => {
  it('fails with a message saying what to install when redis-server is missing, so cluster tests never skip silently', async () => {
    await expect(startRedis('/nonexistent/redis-server')).rejects.toThrow(
      'redis-server not found at /nonexistent/redis-server: install it (apt-get install redis-server) or give its path in REDIS_SERVER',
    );
  });

  it('writes an HAProxy configuration that checks /healthz and names every node', () => {
    const config = haproxyConfig(8080, [
      { id: 'node-a', port: 9001 },
      { id: 'host:123', port: 9002 },
    ]);
    expect(config).toContain('bind 127.0.0.1:8080');
    expect(config).toContain('http-check send meth GET uri /healthz');
    expect(config).toContain('server node-a 127.0.0.1:9001');
    expect(config).toContain('server host_123 127.0.0.1:9002');
  });
});
