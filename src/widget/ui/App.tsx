/** @jsxRuntime classic */
/** @jsx h */
import './App.css';
import { h, Component, createRef, type Ref } from './reactive.ts';
import type { Chat } from '../state/types.ts';
import { Composer } from './Composer.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';
import { Header } from './Header.tsx';
import { lazy } from './lazy.ts';
import { MessageList } from './MessageList.tsx';
import type { Strings } from './i18n.ts';

// DESIGN §8: what a plain conversation never shows comes in one chunk of its own (extras.ts), loaded the first
// time one of these parts renders (each only once it has something to show) or End chat or the download is pressed.
const extras = () => import('./extras.ts');
const PreChatForm = lazy(() => extras().then((m) => m.PreChatForm));
const QuickReplies = lazy(() => extras().then((m) => m.QuickReplies));
const QueueStatus = lazy(() => extras().then((m) => m.QueueStatus));
const TypingIndicator = lazy(() => extras().then((m) => m.TypingIndicator));
const EndChatDialog = lazy(() => extras().then((m) => m.EndChatDialog));
const EndedFooter = lazy(() => extras().then((m) => m.EndedFooter));
const Rating = lazy(() => extras().then((m) => m.Rating));
/** A chunk that cannot load (offline) saves nothing; the next press tries again. */
const saveTranscript = (chat: Chat, s: Strings) =>
  extras().then((m) => m.saveTranscript(chat.messages.peek(), s)).catch(() => {});

/**
 * What shows under the messages, each part only while it has something to show: the latest reply buttons (gone
 * once the customer writes, apply.ts, and after the end), the queue place, the agent typing. Reads those signals
 * itself, so a change re-renders this and not the panel.
 */
function UnderMessages({ chat, s }: { chat: Chat; s: Strings }) {
  const replies = chat.quickReplies.value;
  const queue = chat.queue.value;
  const typing = chat.agentTyping.value;
  return [
    replies.length > 0 && !chat.ended.value && <QuickReplies replies={replies} chat={chat} s={s} />,
    queue && <QueueStatus queue={queue} s={s} />,
    typing && <TypingIndicator agent={typing} s={s} />,
  ];
}

export interface AppProps {
  chat: Chat;
  strings: Strings;
  /** The `title` config, else the localised default. */
  title: string;
  /** Present when a loader hosts the iframe (script-tag mode); the header then shows "Minimise chat". */
  onMinimise?: (() => void) | undefined;
  /** The message box, for the loader bridge to focus when the host opens the panel. */
  composerRef?: Ref<HTMLTextAreaElement>;
  /** The pre-chat form's first field, focused instead of the composer while the form waits. */
  formRef?: Ref<HTMLInputElement>;
  /** The "End the chat?" dialog opened or closed: while open, Escape is its own, not the bridge's minimise. */
  onDialog?: ((open: boolean) => void) | undefined;
}

interface AppState {
  /** The "End the chat?" dialog is open. */
  confirming?: boolean;
  /** A render below failed: the fallback shows until "Try again". */
  failed?: boolean;
}

/**
 * The chat panel. Reads the chat's signals and calls its actions, nothing else (STYLE B.13.1). The one error
 * boundary of the widget: a render error shows a fallback, and the conversation state lives on in `chat`.
 */
export class App extends Component<AppProps, AppState> {
  #endButton = createRef<HTMLButtonElement>();

  override componentDidCatch(): void {
    this.setState({ failed: true });
  }

  override componentDidUpdate(_: AppProps, previous: AppState): void {
    // DESIGN §5: focus goes back to the X button when the dialog is cancelled.
    if (previous.confirming && !this.state.confirming) this.#endButton.current?.focus();
  }

  #confirm = (confirming: boolean) => {
    this.setState({ confirming });
    this.props.onDialog?.(confirming);
  };

  /**
   * End chat pressed: the dialog opens once its chunk is in (never an inert panel with no dialog over it). A
   * chunk that cannot load (offline) leaves the question to the browser's own dialog.
   */
  #askToEnd = () => {
    const { chat, strings } = this.props;
    // "Start a new chat" too, so it is there in the render that ends the chat and takes the focus then, before
    // the host page gives it to its launcher (not a moment later, from the launcher).
    Promise.all([EndChatDialog.load(), EndedFooter.load()]).then(
      () => this.#confirm(true),
      () => {
        if (window.confirm(strings.endQuestion)) chat.endChat();
      },
    );
  };

  override render() {
    const { chat, strings: s, title, onMinimise, composerRef } = this.props;
    const { confirming, failed } = this.state;
    if (failed) {
      return (
        <ErrorPanel text={s.broken}>
          <button type="button" class="primary" onClick={() => this.setState({ failed: false })}>
            {s.retry}
          </button>
        </ErrorPanel>
      );
    }

    const ended = chat.ended.value;
    // DESIGN §3 preChat: until the form is submitted there is no conversation to show, end or save.
    const form = chat.preChat.value;
    const handleConfirm = () => {
      this.#confirm(false);
      chat.endChat();
    };

    return (
      <div class="app">
        <div class="panel" inert={confirming}>
          <Header
            s={s}
            title={title}
            agent={chat.currentAgent.value}
            onMinimise={onMinimise}
            onEnd={ended || form ? undefined : this.#askToEnd}
            onDownload={form ? undefined : () => saveTranscript(chat, s)}
            endRef={this.#endButton}
          />
          {/* Landmarks: the header is the banner, all the rest is main (axe: region, landmark-one-main). */}
          <main>
            {form ? (
              <PreChatForm chat={chat} s={s} request={form} firstRef={this.props.formRef} />
            ) : (
              <div class="chat">
                <ConnectionBanner s={s} status={chat.connection.value} />
                <MessageList chat={chat} s={s}>
                  <UnderMessages chat={chat} s={s} />
                </MessageList>
                {chat.rating.value && <Rating chat={chat} s={s} />}
                {ended && <EndedFooter s={s} onStart={() => chat.startNew()} />}
                <Composer chat={chat} s={s} disabled={!!ended} inputRef={composerRef} />
              </div>
            )}
          </main>
        </div>
        {confirming && <EndChatDialog s={s} onConfirm={handleConfirm} onCancel={() => this.#confirm(false)} />}
      </div>
    );
  }
}
