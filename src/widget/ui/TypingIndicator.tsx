import type { Chat } from '../state/types.ts';
import { Avatar } from './Avatar.tsx';
import { StringsContext, type Strings } from './i18n.ts';
import { Live } from './live.ts';

/** "NAME is typing" with three animated dots (still under prefers-reduced-motion, see theme.css). */
export class TypingIndicator extends Live<{ chat: Chat }> {
  static override contextType = StringsContext;

  view() {
    const s = this.context as Strings;
    const agent = this.props.chat.agentTyping.value;
    if (!agent) return null;
    const label = s.typing(agent.name || s.someone);
    return (
      <div class="typing" role="status" aria-label={label}>
        <Avatar agent={agent} />
        <span class="dots" aria-hidden="true">
          <i />
          <i />
          <i />
        </span>
        <span class="typing-text">{label}</span>
      </div>
    );
  }
}
