/**
 * What the loader remembers in the host page's storage (DESIGN §3), so a reload or a navigation within the
 * site brings it back:
 * - whether a conversation is running: under `CONVERSATION_KEY`, the time (epoch ms) until which it counts as
 *   running. It lives in `localStorage`, so another tab of the site shows it too (DESIGN §4.5), or in this
 *   tab's `sessionStorage` when `resumeMinutes` is 0 (no end time then: `Infinity`). Activity pushes the end
 *   time `resumeMinutes` ahead (`keepRunning`); an idle conversation stops counting once it has passed.
 * - whether the panel is open in this tab: under `PANEL_KEY` in `sessionStorage`, `'1'` or `'0'`.
 * Nothing is written before the first open. Stored values are read back like wire data: anything but the
 * expected form (another script's value under the same key) counts as nothing stored.
 *
 * Plain functions over the Storage in use, which the minifier can rename (an object's method names ship).
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

/** Where the conversation flag lives: `localStorage`, or this tab's `sessionStorage` with `resumeMinutes` 0. */
export const conversationStorage = (resumeMinutes: number): Storage | undefined =>
  attempt(() => (resumeMinutes ? localStorage : sessionStorage));

/** This tab's storage, for the panel state. */
export const tabStorage = (): Storage | undefined => attempt(() => sessionStorage);

/** A conversation runs and has not been idle past its end time. A missing or foreign value is NaN: not later. */
export const isRunning = (storage: Storage | undefined, now: number): boolean =>
  Number(attempt(() => storage?.getItem(CONVERSATION_KEY))) > now;

/** A conversation began or had activity at `now`: it counts as running for `resumeMinutes` more. */
export const keepRunning = (storage: Storage | undefined, resumeMinutes: number, now: number): void =>
  attempt(() => storage?.setItem(CONVERSATION_KEY, `${resumeMinutes ? now + resumeMinutes * 60_000 : Infinity}`));

/** The conversation ended: it is not restored any more. */
export const forgetConversation = (storage: Storage | undefined): void => attempt(() => storage?.removeItem(CONVERSATION_KEY));

/** The panel's state in this tab, or undefined when it was never opened here. */
export const readPanelOpen = (storage: Storage | undefined): boolean | undefined => {
  const stored = attempt(() => storage?.getItem(PANEL_KEY));
  return stored === '1' ? true : stored === '0' ? false : undefined;
};

export const writePanelOpen = (storage: Storage | undefined, open: boolean): void => attempt(() => storage?.setItem(PANEL_KEY, open ? '1' : '0'));
