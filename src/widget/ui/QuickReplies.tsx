/** @jsxRuntime classic */
/** @jsx h */
import css from './QuickReplies.css?inline';
import { h } from './reactive.ts';
import type { Chat, QuickReply } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/** The group's name (DESIGN §5), in the extras chunk (extras.ts) with the buttons. */
const NAME = { en: 'Quick replies', sv: 'Snabbsvar' };

/**
 * The latest agent message's reply buttons (DESIGN §5: a group named "Quick replies"). They belong under that
 * message: App shows them only until the customer wrote something else, and not after the end.
 */
export function QuickReplies({ replies, chat, s }: { replies: readonly QuickReply[]; chat: Chat; s: Strings }) {
  return (
    <div class="quick-replies" role="group" aria-label={NAME[s.locale]}>
      {replies.map((r, i) => (
        <button type="button" key={`${i}${r.payload}`} onClick={() => chat.chooseQuickReply(r)}>
          {r.text}
        </button>
      ))}
    </div>
  );
}
