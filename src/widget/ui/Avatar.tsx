/** @jsxRuntime classic */
/** @jsx h */
import './Avatar.css';
import { h } from './reactive.ts';
import type { AgentView } from '../state/types.ts';

/**
 * An agent's picture: their avatar image, or a default person icon. Decorative (`alt=""`, `aria-hidden`)
 * because the agent's name is always shown beside it.
 */
export function Avatar({ agent }: { agent: AgentView | null }) {
  if (agent?.avatarUrl) return <img class="avatar" src={agent.avatarUrl} alt="" />;
  return (
    <svg class="avatar avatar-default" viewBox="0 0 32 32" aria-hidden="true">
      <circle cx="16" cy="12.5" r="5.5" />
      <path d="M6.5 26.5c1.6-5 5.2-7.5 9.5-7.5s7.9 2.5 9.5 7.5" />
    </svg>
  );
}
