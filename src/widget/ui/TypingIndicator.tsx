/** @jsxRuntime classic */
/** @jsx h */
import './TypingIndicator.css';
import { h } from './reactive.ts';
import type { Chat } from '../state/types.ts';
import { Avatar } from './Avatar.tsx';
import type { Strings } from './i18n.ts';

/** "NAME is typing" with three animated dots (still under prefers-reduced-motion, see theme.css). */
export function TypingIndicator({ chat, s }: { chat: Chat; s: Strings }) {
  const agent = chat.agentTyping.value;
  if (!agent) return null;
  const label = s.typing(agent.name || s.someone);
  return (
    <div class="typing" role="status" aria-label={label}>
      <Avatar agent={agent} />
      <span class="typing-dots" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      <span>{label}</span>
    </div>
  );
}
