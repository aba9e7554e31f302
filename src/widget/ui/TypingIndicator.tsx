/** @jsxRuntime classic */
/** @jsx h */
import css from './TypingIndicator.css?inline';
import { h } from './reactive.ts';
import type { AgentView } from '../state/types.ts';
import { Avatar } from './Avatar.tsx';
import type { Strings } from './i18n.ts';
import { adoptStyles } from './lazy.ts';

adoptStyles(css);

/** Its own words, in the extras chunk (extras.ts), so a plain conversation does not load them (DESIGN §8, §5). */
const TYPING = {
  en: (name: string) => `${name} is typing`,
  sv: (name: string) => `${name} skriver`,
};

/** "NAME is typing" with three animated dots (still under prefers-reduced-motion, see TypingIndicator.css). */
export function TypingIndicator({ agent, s }: { agent: AgentView; s: Strings }) {
  const label = TYPING[s.locale](agent.name || s.someone);
  return (
    <div class="message-author typing" role="status" aria-label={label}>
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
