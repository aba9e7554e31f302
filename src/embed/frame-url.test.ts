import { describe, expect, it } from 'vitest';
import { frameUrl } from './frame-url.ts';

describe('frameUrl', () => {
  it('puts the given keys, the named host parameters and the host origin on widget.html', () => {
    const url = new URL(
      frameUrl(
        'https://cdn.example.com/sermo/widget.html',
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
      frameUrl('https://cdn.example.com/widget.html', { broker: 'ws://x/ws', startParams: 'queue' }, { search: '?queue=a&queue=b', origin: 'https://shop.example.com' }),
    );
    expect(url.searchParams.getAll('queue')).toEqual(['b']);
  });

  it("keeps widget.html's own query parameters (they go to start.params), the config's winning", () => {
    const url = new URL(
      frameUrl('https://cdn.example.com/widget.html?queue=billing&locale=sv', { broker: 'ws://x/ws', locale: 'en' }, { search: '', origin: 'https://shop.example.com' }),
    );
    expect([...url.searchParams]).toEqual([
      ['queue', 'billing'],
      ['locale', 'en'],
      ['broker', 'ws://x/ws'],
    ]);
  });
});
