/**
 * Runs asynchronous tasks one after another per key: the hub's tasks for one userId, so its events are
 * stored, numbered and delivered in the order they arrived even when the store answers asynchronously
 * (DESIGN §4.3: outbound ids grow in delivery order). Keys with nothing queued are forgotten at once.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  run(key: string, task: () => Promise<void>): void {
    const previous = this.tails.get(key);
    const next = (previous === undefined ? task() : previous.then(task)).catch(this.onError);
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  /** Keys with a task queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
