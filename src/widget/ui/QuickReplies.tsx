/** @jsxRuntime classic */
/** @jsx h */
import './QuickReplies.css';
import { h } from './reactive.ts';
import type { Chat } from '../state/types.ts';
import type { Strings } from './i18n.ts';

/**
 * The latest agent message's reply buttons (DESIGN §5: a group named "Quick replies"). They belong under that
 * message: hidden once the customer wrote something else, and after the end.
 */
export function QuickReplies({ chat, s }: { chat: Chat; s: Strings }) {
  const replies = chat.quickReplies.value;
  // The state empties them once the customer writes (apply.ts).
  if (!replies.length || chat.ended.value) return null;
  return (
    <div class="quick-replies" role="group" aria-label={s.quickReplies}>
      {replies.map((r, i) => (
        <button type="button" key={`${i}${r.payload}`} onClick={() => chat.chooseQuickReply(r)}>
          {r.text}
        </button>
      ))}
    </div>
  );
}
