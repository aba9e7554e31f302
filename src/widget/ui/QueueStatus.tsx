/** @jsxRuntime classic */
/** @jsx h */
import css from './QueueStatus.css?inline';
import { h } from './reactive.ts';
import type { Locale } from '../../config/config.ts';
import type { QueueView } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/** Its own words, in the extras chunk (extras.ts), so a plain conversation does not load them (DESIGN §8, §5). */
const TEXTS = {
  en: { position: (n: number) => `You are number ${n} in the queue`, wait: (min: number) => `about ${min} min` },
  sv: { position: (n: number) => `Du är nummer ${n} i kön`, wait: (min: number) => `cirka ${min} min` },
} satisfies Record<Locale, unknown>;

/**
 * The customer's place in the queue. `status` has no name from content, so the position sentence is also
 * its label (DESIGN §5); the wait estimate is extra visible text.
 */
export function QueueStatus({ queue, s }: { queue: QueueView; s: Strings }) {
  const t = TEXTS[s.locale];
  const position = t.position(queue.position);
  const wait = queue.estimatedWaitSeconds;
  return (
    <div class="notice queue" role="status" aria-label={position}>
      {position}
      {wait !== undefined && <span class="queue-wait">{t.wait(Math.max(1, Math.round(wait / 60)))}</span>}
    </div>
  );
}
