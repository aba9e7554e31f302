// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { ConfigKey } from '../config/config.ts';
import { mount, type SermoChat, type SermoChatConfig } from './mount.ts';

const BROKER = 'wss://chat.example.com/ws';
const WIDGET_URL = 'https://cdn.example.com/sermo/widget.html';

let chat: SermoChat | undefined;
const frame = () => document.querySelector('sermo-chat')?.shadowRoot?.querySelector('iframe');

beforeEach(() => {
  (window as unknown as { happyDOM: { settings: { disableIframePageLoading: boolean } } }).happyDOM.settings.disableIframePageLoading = true;
  vi.stubGlobal('reportError', vi.fn());
  vi.stubGlobal('CSS', { supports: (_: string, value: string) => value !== 'nocolour' });
  sessionStorage.clear();
  localStorage.clear();
});
afterEach(() => {
  chat?.destroy();
  chat = undefined;
});

describe('mount', () => {
  it('shows the launcher and returns the host API, touching no global', () => {
    chat = mount({ broker: BROKER, widgetUrl: WIDGET_URL, locale: 'sv' });
    expect(document.querySelectorAll('sermo-chat')).toHaveLength(1);
    expect('SermoChat' in window).toBe(false);
    chat.open();
    expect(frame()!.title).toBe('Chatt');
  });

  it('gives typed values to the iframe as the script tag would: lists as comma lists, the rest as text', () => {
    chat = mount({
      broker: BROKER,
      widgetUrl: WIDGET_URL,
      open: true,
      heartbeatMs: 5000,
      startParams: ['queue', 'lang'],
      notify: ['title', 'sound'],
      preChat: 'name,email*',
      csat: false,
      resumeMinutes: 0,
    });
    const url = new URL(frame()!.src);
    expect(url.origin + url.pathname).toBe(WIDGET_URL);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      broker: BROKER,
      open: 'true',
      heartbeatMs: '5000',
      startParams: 'queue,lang',
      notify: 'title,sound',
      preChat: 'name,email*',
      csat: 'false',
      resumeMinutes: '0',
    });
  });

  it('resolves a relative widgetUrl against the page', () => {
    chat = mount({ broker: BROKER, widgetUrl: '/chat/widget.html', open: true });
    expect(new URL(frame()!.src).pathname).toBe('/chat/widget.html');
    expect(new URL(frame()!.src).origin).toBe(location.origin);
  });

  it('returns the existing handle when mounted twice, and mounts anew after destroy', () => {
    const first = mount({ broker: BROKER, widgetUrl: WIDGET_URL });
    expect(mount({ broker: 'wss://other.example.com/ws', widgetUrl: WIDGET_URL })).toBe(first);
    expect(document.querySelectorAll('sermo-chat')).toHaveLength(1);
    first.destroy();
    expect(document.querySelector('sermo-chat')).toBeNull();
    chat = mount({ broker: BROKER, widgetUrl: WIDGET_URL });
    expect(chat).not.toBe(first);
    expect(document.querySelectorAll('sermo-chat')).toHaveLength(1);
    // The old handle's destroy does not take the new widget down.
    first.destroy();
    expect(document.querySelectorAll('sermo-chat')).toHaveLength(1);
  });

  it.each([
    [{ broker: 'https://chat.example.com/ws' }, 'Sermo chat: invalid config "broker": expected a ws: or wss: URL (required), got "https://chat.example.com/ws"'],
    [{ broker: BROKER, accent: 'nocolour' }, /^Sermo chat: invalid config "accent": expected a colour/],
    [{ broker: BROKER, heartbeatMs: 10 }, 'Sermo chat: invalid config "heartbeatMs": expected whole milliseconds from 1000 to 300000, got "10"'],
    [{ broker: BROKER, brokr: BROKER }, /^Sermo chat: unknown config key "brokr": expected one of broker, locale, .*, widgetUrl$/],
    [{ broker: BROKER, widgetUrl: 'javascript:alert(1)' }, 'Sermo chat: invalid config "widgetUrl": expected an http: or https: URL, got "javascript:alert(1)"'],
    [{}, /^Sermo chat: invalid config "broker"/],
  ])('throws an Error naming the key for %j, and shows nothing', (config, message) => {
    expect(() => mount({ widgetUrl: WIDGET_URL, ...config } as SermoChatConfig)).toThrow(message);
    expect(document.querySelector('sermo-chat')).toBeNull();
  });

  it('takes exactly the configuration keys of DESIGN §3, plus widgetUrl', () => {
    expectTypeOf<Exclude<keyof SermoChatConfig, 'widgetUrl'>>().toEqualTypeOf<ConfigKey>();
  });
});
