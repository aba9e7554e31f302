/**
 * The bot-typing queue (DESIGN §4): a bot `text` with `typing: ms` shows the typing indicator for that long,
 * then the message. Everything received after it waits its turn, so the order on screen is the wire order.
 */

export interface DelayQueue<T> {
  push(item: T): void;
  /** Drop what is waiting and its timer (a new conversation, or the end). */
  clear(): void;
}

export interface DelayQueueOptions<T> {
  /** How long to hold this item back, in ms (0 = run it at once when its turn comes). */
  delayOf(item: T): number;
  /** The item's delay starts (show the typing indicator). */
  onWait(item: T): void;
  run(item: T): void;
}

export function createDelayQueue<T>(options: DelayQueueOptions<T>): DelayQueue<T> {
  let waiting: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const drain = () => {
    while (!timer) {
      const item = waiting.shift();
      if (item === undefined) return;
      const delay = options.delayOf(item);
      if (delay > 0) {
        options.onWait(item);
        timer = setTimeout(() => {
          timer = undefined;
          options.run(item);
          drain();
        }, delay);
        return;
      }
      options.run(item);
    }
  };

  return {
    push(item) {
      waiting.push(item);
      drain();
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
      waiting = [];
    },
  };
}
