/** @jsxRuntime classic */
/** @jsx h */
import './Message.css';
import { h, createRef, type ComponentChildren } from 'preact';
import type { Chat, ChatMessage } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { Live } from './live.ts';
import { Message } from './Message.tsx';

/** Within this many pixels of the end the customer counts as "at the bottom" and new content follows. */
const STICK_PX = 48;

const startsRun = (m: ChatMessage, prev: ChatMessage | undefined): boolean =>
  m.kind === 'agent' && (prev?.kind !== 'agent' || prev.agent.name !== m.agent.name);

interface Props {
  chat: Chat;
  s: Strings;
  /** The live parts under the log (quick replies, queue position, typing); they read their own signals. */
  children?: ComponentChildren;
}

/**
 * The scrolling conversation: the `log` of messages, then `children`. Follows new content (messages, the
 * live parts, images as they load, the on-screen keyboard) while the customer is at the bottom, and reports
 * the messages scrolled into view to `chat.markInView` for read receipts.
 */
export class MessageList extends Live<Props> {
  private scroller = createRef<HTMLDivElement>();
  private content = createRef<HTMLDivElement>();
  private log = createRef<HTMLDivElement>();
  /** The customer is at the bottom: new content scrolls into view. */
  private stuck = true;
  private observed = new WeakSet<Element>();
  private observer: IntersectionObserver | null = null;
  private resizer: ResizeObserver | null = null;
  /** The messages rendered last, and those already scrolled to and observed. */
  private rendered: readonly ChatMessage[] = [];
  private handled: readonly ChatMessage[] | undefined;
  private lastKey: string | undefined;

  /** Rows are added only at the end, so walk back from the last one until a row already observed. */
  private observeNew() {
    const io = this.observer;
    for (let row = this.log.current?.lastElementChild; io && row && !this.observed.has(row); row = row.previousElementSibling) {
      this.observed.add(row);
      io.observe(row);
    }
  }

  private scrollToEnd = () => {
    const el = this.scroller.current;
    if (el && this.stuck) el.scrollTop = el.scrollHeight;
  };

  private handleScroll = () => {
    const el = this.scroller.current;
    if (el) this.stuck = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  };

  override componentDidMount(): void {
    const root = this.scroller.current;
    this.observer = new IntersectionObserver(
      (entries) => {
        const keys: string[] = [];
        for (const e of entries) {
          const key = e.isIntersecting && (e.target as HTMLElement).dataset.key;
          if (key) keys.push(key);
        }
        if (keys.length) this.props.chat.markInView(keys);
      },
      { root },
    );
    // The list shrinks (on-screen keyboard) or its content grows (typing, quick replies, an image loading).
    const ro = (this.resizer = new ResizeObserver(this.scrollToEnd));
    if (root) ro.observe(root);
    if (this.content.current) ro.observe(this.content.current);
    this.componentDidUpdate();
  }

  /** After a commit that changed the messages (not one for a live part only). */
  override componentDidUpdate(): void {
    const messages = this.rendered;
    if (messages === this.handled) return;
    this.handled = messages;
    const last = messages[messages.length - 1];
    // The customer's own new message always brings them to the bottom.
    if (last && last.key !== this.lastKey && last.kind === 'customer') this.stuck = true;
    this.lastKey = last?.key;
    this.scrollToEnd();
    this.observeNew();
  }

  override componentWillUnmount(): void {
    super.componentWillUnmount();
    this.observer?.disconnect();
    this.resizer?.disconnect();
  }

  view() {
    const { chat, s, children } = this.props;
    const messages = (this.rendered = chat.messages.value);
    return (
      <div class="scroller" ref={this.scroller} onScroll={this.handleScroll}>
        <div class="content" ref={this.content}>
          <div class="log" role="log" aria-live="polite" aria-label={s.messages} ref={this.log}>
            {messages.map((m, i) => (
              <Message key={m.key} message={m} showAuthor={startsRun(m, messages[i - 1])} s={s} />
            ))}
          </div>
          {children}
        </div>
      </div>
    );
  }
}
