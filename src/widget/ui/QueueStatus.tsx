/** @jsxRuntime classic */
/** @jsx h */
import css from './QueueStatus.css?inline';
import { h } from './reactive.ts';
import type { Chat } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { lazyStringsFor } from './i18n-lazy.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/**
 * The customer's place in the queue. `status` has no name from content, so the position sentence is also
 * its label (DESIGN §5); the wait estimate is extra visible text.
 */
export function QueueStatus({ chat, s }: { chat: Chat; s: Strings }) {
  const queue = chat.queue.value;
  if (!queue) return null;
  const t = lazyStringsFor(s.locale);
  const position = t.queue(queue.position);
  const wait = queue.estimatedWaitSeconds;
  return (
    <div class="queue" role="status" aria-label={position}>
      {position}
      {wait !== undefined && <span class="queue-wait">{t.wait(Math.max(1, Math.round(wait / 60)))}</span>}
    </div>
  );
}
