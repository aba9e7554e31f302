import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebhookSender, signBody } from './webhooks.ts';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('signBody', () => {
  it('is sha256= and the hex HMAC-SHA256 of the exact body', () => {
    const body = '{"type":"session_state_open"}';
    expect(signBody(body, 'k')).toBe(`sha256=${createHmac('sha256', 'k').update(body).digest('hex')}`);
  });
});

describe('createWebhookSender', () => {
  const payload = {
    type: 'session_state_open' as const,
    ctime: '2024-01-01T00:00:00.000Z',
    session: { userId: 'u1', openTime: '2024-01-01T00:00:00.000Z' },
  };

  it('gives up after the configured retries and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(async () => new Response('', { status: 500 }));
    vi.stubGlobal('fetch', fetchMock);
    const log = vi.fn();
    const sender = createWebhookSender({ url: 'http://hook.invalid/', secret: 's', retryDelaysMs: [100, 200], log });
    sender.send(payload);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(log).toHaveBeenLastCalledWith('webhook session_state_open failed after 3 tries (HTTP 500); dropped');
    expect(vi.getTimerCount()).toBe(0);
    sender.close();
  });

  it('does not retry a 4xx that will not change', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(async () => new Response('', { status: 400 }));
    vi.stubGlobal('fetch', fetchMock);
    const sender = createWebhookSender({ url: 'http://hook.invalid/', secret: 's', retryDelaysMs: [100], log: () => undefined });
    sender.send(payload);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    sender.close();
  });

  it('cancels pending retries on close', async () => {
    vi.useFakeTimers();
    const fetchMock = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    vi.stubGlobal('fetch', fetchMock);
    const sender = createWebhookSender({ url: 'http://hook.invalid/', secret: 's', retryDelaysMs: [1_000], log: () => undefined });
    sender.send(payload);
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    sender.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  /** A fetch whose answers the test gives, one by one, in call order; records each body. */
  function heldFetch() {
    const calls: { body: string; answer: (status: number) => void }[] = [];
    const fetchMock = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((resolve) => calls.push({ body: String(init.body), answer: (status) => resolve(new Response('', { status })) })),
    );
    vi.stubGlobal('fetch', fetchMock);
    return calls;
  }
  const numbered = (n: number) => ({ ...payload, ctime: `2024-01-01T00:00:0${n}.000Z` });

  it('keeps at most `concurrency` requests in flight and sends the rest in order as they finish', async () => {
    const calls = heldFetch();
    const sender = createWebhookSender({ url: 'http://hook.invalid/', secret: 's', concurrency: 2, log: () => undefined });
    for (let n = 1; n <= 4; n++) sender.send(numbered(n));
    await Promise.resolve();
    expect(calls).toHaveLength(2);
    calls[0]!.answer(200);
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls.map((call) => (JSON.parse(call.body) as { ctime: string }).ctime)).toEqual([1, 2, 3].map((n) => numbered(n).ctime));
    sender.close();
  });

  it('drops the oldest waiting delivery beyond `maxWaiting`, logs it and counts it', async () => {
    const calls = heldFetch();
    const log = vi.fn();
    const sender = createWebhookSender({ url: 'http://hook.invalid/', secret: 's', concurrency: 1, maxWaiting: 2, log });
    for (let n = 1; n <= 5; n++) sender.send(numbered(n));
    expect(sender.dropped()).toBe(2);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/webhook error: session_state_open dropped, more than 2 waiting \(SERMO_WEBHOOK_QUEUE\)/));
    calls[0]!.answer(200);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    calls[1]!.answer(200);
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls.map((call) => (JSON.parse(call.body) as { ctime: string }).ctime)).toEqual([1, 4, 5].map((n) => numbered(n).ctime));
    sender.close();
  });
});
