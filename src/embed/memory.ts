/**
 * What the loader remembers in the host page's storage (DESIGN §3), so a reload or a navigation within the
 * site brings it back:
 * - whether a conversation is running: under `CONVERSATION_KEY`, the time (epoch ms) until which it counts as
 *   running. It lives in `localStorage`, so another tab of the site shows it too (DESIGN §4.5), or in this
 *   tab's `sessionStorage` when `resumeMinutes` is 0 (no end time then: `Infinity`). Activity pushes the end
 *   time `resumeMinutes` ahead; an idle conversation stops counting once it has passed.
 * - whether the panel is open in this tab: under `PANEL_KEY` in `sessionStorage`, `'1'` or `'0'`.
 * Nothing is written before the first open. Stored values are read back like wire data: anything but the
 * expected form (another script's value under the same key) counts as nothing stored.
 */

export const CONVERSATION_KEY = 'sermo-chat';
export const PANEL_KEY = 'sermo-chat-open';

/**
 * Run a storage access. Storage blocked by the browser's privacy settings throws on access, and full
 * storage throws on write: the widget then works on, only without restoring after a reload.
 */
const attempt = <T>(access: () => T): T | undefined => {
  try {
    return access();
  } catch {
    return undefined;
  }
};

/** The page's `localStorage` or `sessionStorage`, or undefined where the browser blocks it. */
export const storageOf = (name: 'localStorage' | 'sessionStorage'): Storage | undefined => attempt(() => window[name]);

export const read = (storage: Storage | undefined, key: string): string | null | undefined => attempt(() => storage?.getItem(key));

export const write = (storage: Storage | undefined, key: string, value: string): void => attempt(() => storage?.setItem(key, value));

export const remove = (storage: Storage | undefined, key: string): void => attempt(() => storage?.removeItem(key));
