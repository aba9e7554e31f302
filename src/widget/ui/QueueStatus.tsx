/** @jsxRuntime classic */
/** @jsx h */
import './QueueStatus.css';
import { h } from './reactive.ts';
import type { Chat } from '../state/types.ts';
import type { Strings } from './i18n.ts';

/**
 * The customer's place in the queue. `status` has no name from content, so the position sentence is also
 * its label (DESIGN §5); the wait estimate is extra visible text.
 */
export function QueueStatus({ chat, s }: { chat: Chat; s: Strings }) {
  const queue = chat.queue.value;
  if (!queue) return null;
  const position = s.queue(queue.position);
  const wait = queue.estimatedWaitSeconds;
  return (
    <div class="queue" role="status" aria-label={position}>
      {position}
      {wait !== undefined && <span class="queue-wait">{s.wait(Math.max(1, Math.round(wait / 60)))}</span>}
    </div>
  );
}
