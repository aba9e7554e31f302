import { describe, expect, it } from 'vitest';
import { readRawConfig } from './read-config.ts';

describe('readRawConfig', () => {
  it('reads data attributes (as the dataset names them) and SermoChatConfig, attributes winning', () => {
    const dataset = { broker: 'ws://a/ws', heartbeatMs: '5000', other: 'ignored' };
    const global = { broker: 'ws://b/ws', locale: 'sv', open: true, startParams: ['queue', 'lang'], position: null, protocol: 1 };
    expect(readRawConfig(dataset, global)).toEqual({
      broker: 'ws://a/ws',
      heartbeatMs: '5000',
      locale: 'sv',
      open: 'true',
      startParams: 'queue,lang',
      protocol: '1',
    });
  });

  it.each([undefined, null, 'broker', 42])('takes a SermoChatConfig of %j as empty', (global) => {
    expect(readRawConfig({ broker: 'ws://a/ws' }, global)).toEqual({ broker: 'ws://a/ws' });
  });
});
