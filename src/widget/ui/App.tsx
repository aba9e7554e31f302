import { useEffect, useErrorBoundary, useRef, useState } from 'preact/hooks';
import type { Chat } from '../state/types.ts';
import { Composer } from './Composer.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { EndChatDialog } from './EndChatDialog.tsx';
import { EndedFooter } from './EndedFooter.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { Header } from './Header.tsx';
import { MessageList } from './MessageList.tsx';
import { QueueStatus } from './QueueStatus.tsx';
import { QuickReplies } from './QuickReplies.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';
import { StringsContext, type Strings } from './i18n.ts';

export interface AppProps {
  chat: Chat;
  strings: Strings;
  /** The `title` config, else the localised default. */
  title: string;
  /** Present when a loader hosts the iframe (script-tag mode); the header then shows "Minimise chat". */
  onMinimise?: (() => void) | undefined;
}

/**
 * The chat panel. Reads the chat's signals and calls its actions, nothing else (STYLE B.13.1). The one error
 * boundary of the widget: a render error shows a fallback, and the conversation state lives on in `chat`.
 */
export function App({ chat, strings: s, title, onMinimise }: AppProps) {
  const [error, resetError] = useErrorBoundary();
  const [confirming, setConfirming] = useState(false);
  const endButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // DESIGN §5: focus goes back to the X button when the dialog is cancelled.
  useEffect(() => {
    if (wasConfirming.current && !confirming) endButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (error) {
    return (
      <ErrorPanel text={s.broken}>
        <button type="button" class="primary" onClick={resetError}>
          {s.retry}
        </button>
      </ErrorPanel>
    );
  }

  const ended = chat.ended.value;
  const handleConfirm = () => {
    setConfirming(false);
    chat.endChat();
  };

  return (
    <StringsContext.Provider value={s}>
      <div class="app">
        <div class="panel" inert={confirming} aria-hidden={confirming || undefined}>
          <Header
            title={title}
            agent={chat.currentAgent.value}
            onMinimise={onMinimise}
            onEnd={ended ? undefined : () => setConfirming(true)}
            endRef={endButton}
          />
          <ConnectionBanner status={chat.connection.value} />
          {chat.platformClosed.value && (
            <p class="banner" role="status">
              {s.closed}
            </p>
          )}
          <MessageList chat={chat}>
            <QuickReplies chat={chat} />
            <QueueStatus chat={chat} />
            <TypingIndicator chat={chat} />
          </MessageList>
          {ended && <EndedFooter onStart={() => chat.startNew()} />}
          <Composer chat={chat} disabled={!!ended} />
        </div>
        {confirming && <EndChatDialog onConfirm={handleConfirm} onCancel={() => setConfirming(false)} />}
      </div>
    </StringsContext.Provider>
  );
}
