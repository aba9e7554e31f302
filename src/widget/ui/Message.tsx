/** @jsxRuntime classic */
/** @jsx h */
import './Message.css';
import { h, Component } from './reactive.ts';
import type { ChatMessage } from '../state/types.ts';
import { Avatar } from './Avatar.tsx';
import type { Strings } from './i18n.ts';
import { lazy } from './lazy.ts';
import { RichText } from './RichText.tsx';
import { formatTime } from './time.ts';

interface Props {
  message: ChatMessage;
  /** First of a run of messages by the same agent: show their name and avatar. */
  showAuthor: boolean;
  s: Strings;
}

/** A plain text: its lines as they came, http(s) addresses linked. */
const PlainText = ({ text }: { text: string }) => (
  <p class="message-text">
    <RichText text={text} />
  </p>
);

/** DESIGN §4 `format: "markdown"`: in a chunk of its own (DESIGN §8), the text plain until it is in. */
const Markdown = lazy(() => import('./Markdown.tsx').then((m) => m.Markdown), PlainText);

/** DESIGN §4.4: cards under the text, in a chunk of their own (DESIGN §8); the text shows meanwhile. */
const Attachments = lazy(() => import('./Attachments.tsx').then((m) => m.Attachments));

/**
 * One message. A class only for `shouldComponentUpdate`: messages are immutable values, so appending to a
 * 5,000-message list re-renders only the new row (DESIGN §8, STYLE B.5). The strings are the panel's for
 * its whole life (MessageList's Block).
 */
export class Message extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    const { message, showAuthor } = this.props;
    return next.message !== message || next.showAuthor !== showAuthor;
  }

  override render() {
    const { message: m, showAuthor, s } = this.props;
    if (m.kind === 'system') {
      // platform_closed is a state, not only history: a status (DESIGN §5), and its only notice.
      return (
        <p class={`notice notice-${m.tone}`} role={m.tone === 'closed' ? 'status' : undefined}>
          <RichText text={m.text} />
        </p>
      );
    }
    const pending = m.kind === 'customer' && m.status === 'pending';
    return (
      <div class={`message message-${m.kind}`}>
        {m.kind === 'agent' && showAuthor && (
          <div class="message-author">
            <Avatar agent={m.agent} />
            <span>{m.agent.name || s.someone}</span>
          </div>
        )}
        <div class={pending ? 'message-bubble message-pending' : 'message-bubble'}>
          {m.imageUrl && <img class="message-image" src={m.imageUrl} alt={s.image} />}
          {m.text && (m.kind === 'agent' && m.markdown ? <Markdown text={m.text} /> : <PlainText text={m.text} />)}
          {m.kind === 'agent' && m.attachments && <Attachments attachments={m.attachments} locale={s.locale} />}
          <span class="message-meta">{pending ? s.sending : formatTime(m.at, s.locale)}</span>
        </div>
      </div>
    );
  }
}
