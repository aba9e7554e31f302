// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Run sermo-errors.js as the browser would for the script element sermo.js adds for a refused key. */
async function runErrors(data: Record<string, string>) {
  const script = document.createElement('script');
  Object.assign(script.dataset, data);
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  vi.resetModules();
  await import('./errors.ts');
}

afterEach(() => {
  Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
});

describe('sermo-errors.js', () => {
  it.each([
    [{ key: 'broker', value: 'https://chat.example.com/ws' }, 'Sermo chat: invalid config "broker": expected a ws: or wss: URL (required), got "https://chat.example.com/ws"'],
    [{ key: 'broker', value: '' }, 'Sermo chat: invalid config "broker": expected a ws: or wss: URL (required), got ""'],
    [{ key: 'notify', value: 'popup' }, 'Sermo chat: invalid config "notify": expected a comma list of title, sound, got "popup"'],
    [{ key: 'heartbeatMs', value: '10' }, 'Sermo chat: invalid config "heartbeatMs": expected whole milliseconds from 1000 to 300000, got "10"'],
  ])('prints the error for %o naming the key, the expected form and the value', async (data, text) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await runErrors(data);
    expect(error).toHaveBeenCalledExactlyOnceWith(text);
  });

  it('still names a key it does not know (sent by a sermo.js of another version) and its value', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await runErrors({ key: 'constructor', value: 'x' });
    expect(error).toHaveBeenCalledExactlyOnceWith('Sermo chat: invalid config "constructor", got "x"');
  });

  it('prints nothing when run without a refused key', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await runErrors({});
    expect(error).not.toHaveBeenCalled();
  });
});
