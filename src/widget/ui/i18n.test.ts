import { afterEach, describe, expect, it, vi } from 'vitest';

/** i18n.ts afresh, with the Swedish chunk as `chunk` says: loaded (counted) or failing as offline. */
async function freshI18n(chunk: 'loads' | 'offline') {
  vi.resetModules();
  let loads = 0;
  vi.doMock('./i18n-sv.ts', async (importOriginal) => {
    loads += 1;
    if (chunk === 'offline') throw new TypeError('Failed to fetch dynamically imported module');
    return importOriginal();
  });
  const i18n = await import('./i18n.ts');
  return { ...i18n, loads: () => loads };
}

afterEach(() => {
  vi.doUnmock('./i18n-sv.ts');
  vi.resetModules();
});

describe('loadStrings', () => {
  it('has English without the Swedish chunk', async () => {
    const { loadStrings, en, loads } = await freshI18n('loads');
    expect(await loadStrings('en')).toBe(en);
    expect(loads()).toBe(0);
  });

  it('loads Swedish from its chunk', async () => {
    const { loadStrings, loads } = await freshI18n('loads');
    const sv = await loadStrings('sv');
    expect(sv).toMatchObject({ locale: 'sv', messages: 'Meddelanden', message: 'Meddelande', send: 'Skicka', attach: 'Bifoga bild' });
    expect(sv.tooLong(5001)).toBe('Meddelandet är för långt: 5\u00a0001 av högst 5\u00a0000 tecken.');
    expect(loads()).toBe(1);
  });

  it('falls back to English when the Swedish chunk cannot load (offline), rather than showing nothing', async () => {
    const { loadStrings, en, loads } = await freshI18n('offline');
    expect(await loadStrings('sv')).toBe(en);
    expect(loads()).toBe(1);
  });
});
