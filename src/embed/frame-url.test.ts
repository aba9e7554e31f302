import { describe, expect, it } from 'vitest';
import { frameUrl } from './frame-url.ts';

describe('frameUrl', () => {
  it('puts widget.html beside the script, with the given keys, the named host parameters and the host origin', () => {
    const url = new URL(
      frameUrl(
        'https://cdn.example.com/sermo/sermo.js?v=3',
        { broker: 'wss://chat.example.com/ws', startParams: 'queue, missing' },
        { search: '?queue=billing&token=secret', origin: 'https://shop.example.com' },
      ),
    );
    expect(url.origin + url.pathname).toBe('https://cdn.example.com/sermo/widget.html');
    expect([...url.searchParams]).toEqual([
      ['broker', 'wss://chat.example.com/ws'],
      ['startParams', 'queue, missing'],
      ['queue', 'billing'],
    ]);
    expect(url.hash).toBe(`#host=${encodeURIComponent('https://shop.example.com')}`);
  });

  it('forwards the last value of a repeated host parameter once, as the iframe would read it', () => {
    const url = new URL(
      frameUrl('https://cdn.example.com/sermo.js', { broker: 'ws://x/ws', startParams: 'queue' }, { search: '?queue=a&queue=b', origin: 'https://shop.example.com' }),
    );
    expect(url.searchParams.getAll('queue')).toEqual(['b']);
  });
});
