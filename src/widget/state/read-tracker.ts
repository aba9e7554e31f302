/**
 * Read receipts (DESIGN §4, messages_read): an agent message is read only when the customer can really see
 * it: the panel is open, the document is visible, and the UI reported the message in view (its
 * IntersectionObserver calls markInView). Messages read together make one event, at most one a second.
 *
 * "In view" reports are kept while the panel is open, so a message that scrolled into view in a background
 * tab counts as read when the tab comes back. Closing the panel forgets them: the iframe is hidden then, and
 * the observer reports again when it is shown.
 */
import { createThrottle } from './throttle.ts';

/** DESIGN §4: at most one messages_read a second. */
export const READ_THROTTLE_MS = 1_000;

export interface ReadTrackerOptions {
  isDocumentVisible(): boolean;
  getUnread(): readonly string[];
  setUnread(keys: readonly string[]): void;
  /** Send one messages_read now. */
  sendRead(): void;
}

export interface ReadTracker {
  setPanelOpen(open: boolean): void;
  markInView(keys: readonly string[]): void;
  /** Something changed (a message arrived, the document became visible): read what can be read. */
  check(): void;
  /** A new conversation: forget everything. */
  reset(): void;
  dispose(): void;
}

export function createReadTracker(options: ReadTrackerOptions): ReadTracker {
  let panelOpen = false;
  let inView = new Set<string>();
  const receipts = createThrottle<void>(READ_THROTTLE_MS, () => options.sendRead());

  const check = () => {
    if (!panelOpen || !options.isDocumentVisible() || inView.size === 0) return;
    const unread = options.getUnread();
    const still = unread.filter((key) => !inView.has(key));
    if (still.length === unread.length) return;
    for (const key of unread) inView.delete(key);
    options.setUnread(still);
    receipts.push();
  };

  return {
    setPanelOpen(open) {
      panelOpen = open;
      if (!open) inView = new Set();
      check();
    },
    markInView(keys) {
      if (!panelOpen) return;
      // A few keys against the list, not a Set of every unread key per report.
      const unread = options.getUnread();
      for (const key of keys) if (unread.includes(key)) inView.add(key);
      check();
    },
    check,
    reset() {
      inView = new Set();
      receipts.cancel();
    },
    dispose() {
      receipts.dispose();
    },
  };
}
