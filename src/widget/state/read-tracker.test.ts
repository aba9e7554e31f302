import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { READ_THROTTLE_MS, createReadTracker } from './read-tracker.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(initial: string[]) {
  let unread: readonly string[] = initial;
  let visible = true;
  let panelOpen = false;
  let receipts = 0;
  const tracker = createReadTracker({
    canSee: () => panelOpen && visible,
    getUnread: () => unread,
    read: (key) => {
      unread = unread.slice(unread.indexOf(key) + 1);
    },
    sendRead: () => {
      receipts += 1;
    },
  });
  return {
    tracker,
    unread: () => unread,
    receipts: () => receipts,
    setVisible: (v: boolean) => {
      visible = v;
    },
    /** The panel opens or is minimised, and the chat tells the tracker (as createChat's setPanelOpen does). */
    setPanelOpen: (open: boolean) => {
      panelOpen = open;
      tracker.check();
    },
    addUnread: (key: string) => {
      unread = [...unread, key];
    },
  };
}

describe('createReadTracker', () => {
  it('reads nothing while the panel is closed', () => {
    const t = setup(['e1']);
    t.tracker.markInView(['e1']);
    expect(t.unread()).toEqual(['e1']);
    expect(t.receipts()).toBe(0);
  });

  it('reads nothing while no unread message is in view', () => {
    const t = setup(['e1', 'e2']);
    t.setPanelOpen(true);
    t.tracker.check();
    // Only rows that left the view, then a message read already (or of an earlier conversation).
    t.tracker.markInView([]);
    t.tracker.markInView(['e0']);
    expect(t.unread()).toEqual(['e1', 'e2']);
    expect(t.receipts()).toBe(0);
  });

  it('reads the message in view and every earlier one, not later ones (messages_read means "up to now")', () => {
    const t = setup(['e1', 'e2', 'e3', 'e4']);
    t.setPanelOpen(true);
    t.tracker.markInView(['e3', 'e2']);
    expect(t.unread()).toEqual(['e4']);
    expect(t.receipts()).toBe(1);
  });

  it('waits for the document to be visible', () => {
    const t = setup(['e1']);
    t.setVisible(false);
    t.setPanelOpen(true);
    t.tracker.markInView(['e1']);
    expect(t.unread()).toEqual(['e1']);
    t.setVisible(true);
    t.tracker.check();
    expect(t.unread()).toEqual([]);
    expect(t.receipts()).toBe(1);
  });

  it('sends one receipt per batch, at most one a second', () => {
    const t = setup(['e1', 'e2']);
    t.setPanelOpen(true);
    t.tracker.markInView(['e1', 'e2']);
    expect(t.receipts()).toBe(1);
    t.addUnread('e3');
    t.tracker.markInView(['e3']);
    t.addUnread('e4');
    t.tracker.markInView(['e4']);
    expect(t.unread()).toEqual([]);
    expect(t.receipts()).toBe(1);
    vi.advanceTimersByTime(READ_THROTTLE_MS);
    expect(t.receipts()).toBe(2);
    vi.advanceTimersByTime(READ_THROTTLE_MS * 3);
    expect(t.receipts()).toBe(2);
    t.tracker.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads a message that came into view while the panel was minimised once it opens again', () => {
    const t = setup([]);
    t.setPanelOpen(true);
    t.setPanelOpen(false);
    t.addUnread('e1');
    // The minimised iframe is only invisible: its observer reports the new row in view, and never again.
    t.tracker.markInView(['e1']);
    expect(t.unread()).toEqual(['e1']);
    expect(t.receipts()).toBe(0);
    t.setPanelOpen(true);
    expect(t.unread()).toEqual([]);
    expect(t.receipts()).toBe(1);
  });
});
