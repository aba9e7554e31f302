import type { Chat } from '../state/types.ts';
import { useStrings } from './i18n.ts';

/**
 * The latest agent message's reply buttons (DESIGN §5: a group named "Quick replies"). They belong under that
 * message: hidden once the customer wrote something else, and after the end.
 */
export function QuickReplies({ chat }: { chat: Chat }) {
  const s = useStrings();
  const replies = chat.quickReplies.value;
  const messages = chat.messages.value;
  if (!replies.length || chat.ended.value || messages[messages.length - 1]?.kind === 'customer') return null;
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
