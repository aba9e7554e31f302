/** @jsxRuntime classic */
/** @jsx h */
import { h } from './reactive.ts';
import './Header.css';
import type { Ref } from './reactive.ts';
import type { AgentView } from '../state/types.ts';
import { Avatar } from './Avatar.tsx';
import type { Strings } from './i18n.ts';

interface Props {
  s: Strings;
  title: string;
  agent: AgentView | null;
  /** Absent in the iframe embed: the panel fills the frame and cannot be minimised (DESIGN §3). */
  onMinimise?: (() => void) | undefined;
  /** Absent once the chat has ended: there is nothing left to end. */
  onEnd?: (() => void) | undefined;
  /** Save the transcript; absent while there is no conversation (the pre-chat form). */
  onDownload?: (() => void) | undefined;
  /** The End chat (X) button, so the dialog can give focus back to it. */
  endRef: Ref<HTMLButtonElement>;
}

/** Title, the agent the customer is talking to, and the panel's buttons. */
export function Header({ s, title, agent, onMinimise, onEnd, onDownload, endRef }: Props) {
  return (
    <header class="header">
      <Avatar agent={agent} />
      <div class="header-heading">
        <h1>{title}</h1>
        {agent && <p>{agent.name}</p>}
      </div>
      {onDownload && (
        <button type="button" class="icon-button" aria-label={s.download} onClick={onDownload}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />
          </svg>
        </button>
      )}
      {onMinimise && (
        <button type="button" class="icon-button" aria-label={s.minimise} onClick={onMinimise}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 9l6 6 6-6" />
          </svg>
        </button>
      )}
      {onEnd && (
        <button type="button" class="icon-button" aria-label={s.endChat} ref={endRef} onClick={onEnd}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      )}
    </header>
  );
}
