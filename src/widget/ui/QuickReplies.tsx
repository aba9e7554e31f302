/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { Chat } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { Live } from './live.ts';

/**
 * The latest agent message's reply buttons (DESIGN §5: a group named "Quick replies"). They belong under that
 * message: hidden once the customer wrote something else, and after the end.
 */
export class QuickReplies extends Live<{ chat: Chat; s: Strings }> {
  view() {
    const { chat, s } = this.props;
    const replies = chat.quickReplies.value;
    // The state empties them once the customer writes (apply.ts).
    if (!replies.length || chat.ended.value) return null;
    return (
      <div class="replies" role="group" aria-label={s.quickReplies}>
        {replies.map((r, i) => (
          <button type="button" key={`${i}${r.payload}`} onClick={() => chat.chooseQuickReply(r)}>
            {r.text}
          </button>
        ))}
      </div>
    );
  }
}
