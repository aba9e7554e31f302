/**
 * Read receipts (DESIGN §4, messages_read): an agent message is read only when the customer can really see
 * it: the panel is open, the document is visible, and the UI reported the message in view (its
 * IntersectionObserver calls markInView). messages_read carries no keys, only `at`: it means "read up to
 * now", so a message in view reads every earlier unread one too (those that scrolled past in a burst were on
 * screen too briefly to be reported). Messages read together make one event, at most one a second.
 *
 * The newest message reported in view is kept until it is read: one that scrolled into view in a background
 * tab counts as read when the tab comes back, and one that arrived while the panel was minimised counts as
 * read when it is opened again. The minimised iframe is only made invisible, so its observer reports rows
 * in view then, and not again when it is shown (issue 11: no messages_read at all after a reopen).
 */
import { createThrottle } from './throttle.ts';

/** DESIGN §4: at most one messages_read a second. */
export const READ_THROTTLE_MS = 1_000;

export interface ReadTrackerOptions {
  /** The customer can see the messages: the panel is open and the document visible. */
  canSee(): boolean;
  /** Oldest first. */
  getUnread(): readonly string[];
  /** The customer read the message `key` and every unread one before it. */
  read(key: string): void;
  /** Send one messages_read now. */
  sendRead(): void;
}

export interface ReadTracker {
  markInView(keys: readonly string[]): void;
  /** Something changed (a message arrived, the panel opened, the document became visible): read what can be read. */
  check(): void;
  /** A new conversation: forget everything. */
  reset(): void;
  dispose(): void;
}

export function createReadTracker(options: ReadTrackerOptions): ReadTracker {
  /** The newest unread message reported in view ('' for none: keys are never empty). */
  let newest = '';
  const receipts = createThrottle<void>(READ_THROTTLE_MS, () => options.sendRead());

  const check = () => {
    if (!options.canSee()) return;
    const unread = options.getUnread();
    // Looked up again: the list may have changed since the report (read already, a new conversation).
    const upTo = unread.lastIndexOf(newest);
    newest = '';
    if (upTo < 0) return;
    options.read(unread[upTo]!);
    receipts.push();
  };

  return {
    markInView(keys) {
      const unread = options.getUnread();
      // A few keys, looked up from the end where new messages are; one read already is at -1.
      for (const key of keys) if (unread.lastIndexOf(key) > unread.lastIndexOf(newest)) newest = key;
      check();
    },
    check,
    reset() {
      newest = '';
      receipts.cancel();
    },
    dispose() {
      receipts.dispose();
    },
  };
}
