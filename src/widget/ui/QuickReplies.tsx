import type { Chat } from '../state/types.ts';
import { StringsContext, type Strings } from './i18n.ts';
import { Live } from './live.ts';

/**
 * The latest agent message's reply buttons (DESIGN §5: a group named "Quick replies"). They belong under that
 * message: hidden once the customer wrote something else, and after the end.
 */
export class QuickReplies extends Live<{ chat: Chat }> {
  static override contextType = StringsContext;

  view() {
    const { chat } = this.props;
    const replies = chat.quickReplies.value;
    const messages = chat.messages.value;
    if (!replies.length || chat.ended.value || messages[messages.length - 1]?.kind === 'customer') return null;
    return (
      <div class="replies" role="group" aria-label={(this.context as Strings).quickReplies}>
        {replies.map((r, i) => (
          <button type="button" key={`${i}${r.payload}`} onClick={() => chat.chooseQuickReply(r)}>
            {r.text}
          </button>
        ))}
      </div>
    );
  }
}
