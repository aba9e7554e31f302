/** @jsxRuntime classic */
/** @jsx h */
import './MessageList.css';
import { h, Component, createRef, type ComponentChildren } from './reactive.ts';
import type { Chat, ChatMessage } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { Message } from './Message.tsx';

/** Within this many pixels of the end the customer counts as "at the bottom" and new content follows. */
const STICK_PX = 48;
/** Messages per block. An append re-renders the last block; the others compare BLOCK messages by identity. */
export const BLOCK = 50;

const startsRun = (m: ChatMessage, prev: ChatMessage | undefined): boolean =>
  m.kind === 'agent' && (prev?.kind !== 'agent' || prev.agent.name !== m.agent.name);

interface BlockProps {
  messages: readonly ChatMessage[];
  /** Index of the block's first message. */
  from: number;
  s: Strings;
}

/**
 * Messages [from, from + BLOCK) as rows in one wrapper: the log's children are the blocks, so the browser
 * skips the layout and paint of those out of view as ~100 boxes, not 5,000 rows (MessageList.css). Messages are
 * immutable and the array is append-mostly, so a block whose messages, and the one
 * before (its author line), are the same objects as last time skips its render: an append to 5,000 messages
 * diffs one block and a list of 100 (DESIGN §8). The strings never change: main.tsx renders the panel once,
 * in the language it loaded.
 */
export class Block extends Component<BlockProps> {
  override shouldComponentUpdate({ messages, from }: BlockProps): boolean {
    const old = this.props.messages;
    for (let i = from - 1; old !== messages && i < from + BLOCK; i++) if (messages[i] !== old[i]) return true;
    return false;
  }

  override render() {
    const { messages, from, s } = this.props;
    return (
      <div>
        {messages.slice(from, from + BLOCK).map((m, i) => (
          <Message key={m.key} message={m} showAuthor={startsRun(m, messages[from + i - 1])} s={s} />
        ))}
      </div>
    );
  }
}

interface Props {
  chat: Chat;
  s: Strings;
  /** The live parts under the log (quick replies, queue position, typing); they read their own signals. */
  children?: ComponentChildren;
}

/**
 * The scrolling conversation: the `log` of messages, then `children`. Follows new content (messages, the
 * live parts, images as they load, the on-screen keyboard) while the customer is at the bottom, and reports
 * unread messages scrolled into view to `chat.markInView` for read receipts.
 */
export class MessageList extends Component<Props> {
  #scroller = createRef<HTMLDivElement>();
  #content = createRef<HTMLDivElement>();
  #log = createRef<HTMLDivElement>();
  /** The customer is at the bottom: new content scrolls into view. */
  #stuck = true;
  /** scrollTop at the last scroll event: only moving up leaves the bottom. */
  #top = 0;
  /** The pending scroll to the end, at most one per frame. */
  #frame = 0;
  /** The rows observed and their message keys, to stop observing those read (a row scrolled past may never report again). */
  #watched = new Map<Element, string>();
  /** Made on mount (a list whose render threw unmounts without it). */
  #observer: IntersectionObserver | undefined;
  /** Key of the last message at the last commit. */
  #lastKey: string | undefined;

  /**
   * Observe the rows of unread messages not observed yet: only they can still become read. Unread keys are
   * messages in the same order, new ones at the end: walk both back together, to the first row observed before.
   * Message n is row n % BLOCK of block n / BLOCK, as render lays them out.
   */
  #observeNew() {
    const unread = this.props.chat.unread.peek();
    const messages = this.props.chat.messages.peek();
    const blocks = this.#log.current!.children;
    let n = messages.length;
    for (let i = unread.length - 1; i >= 0; i--) {
      while (--n >= 0 && messages[n]!.key !== unread[i]);
      const row = blocks[Math.floor(n / BLOCK)]?.children[n % BLOCK];
      if (!row || this.#watched.has(row)) break;
      this.#observer!.observe(row);
      this.#watched.set(row, unread[i]!);
    }
  }

  /**
   * Scroll to the end in the next animation frame if the customer is at the bottom then. Once per frame
   * however many messages came: setting scrollTop after reading scrollHeight lays out the whole log, so it
   * happens where the frame lays it out anyway, never in the task that added a message.
   */
  #follow = () => {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      const el = this.#scroller.current;
      if (el && this.#stuck) el.scrollTop = el.scrollHeight;
    });
  };

  /** The list shrinks (on-screen keyboard) or its content grows (typing, quick replies, an image loading). */
  #resizer = new ResizeObserver(this.#follow);

  #handleScroll = () => {
    const el = this.#scroller.current!;
    const top = el.scrollTop;
    // Content added below (its scroll may be a frame away) does not leave the bottom; scrolling up does.
    this.#stuck = el.scrollHeight - top - el.clientHeight < STICK_PX || (this.#stuck && top >= this.#top);
    this.#top = top;
  };

  override componentDidMount(): void {
    const root = this.#scroller.current!;
    this.#observer = new IntersectionObserver(
      (entries, io) => {
        const { chat } = this.props;
        // Rows leaving the view report too: none in view is nothing read.
        const inView = entries.filter((e) => e.isIntersecting).map((e) => this.#watched.get(e.target));
        // A row unobserved just before may still report once: it was read already.
        chat.markInView(inView.filter((key) => key !== undefined));
        // Read by now (this one or one below it was in view): it stays read, so stop observing it.
        const unread = new Set(chat.unread.peek());
        for (const [row, key] of this.#watched) {
          if (!unread.has(key)) {
            io.unobserve(row);
            this.#watched.delete(row);
          }
        }
      },
      { root },
    );
    this.#resizer.observe(root);
    this.#resizer.observe(this.#content.current!);
    this.componentDidUpdate();
  }

  /** After every commit: both steps cost next to nothing when no message came. */
  override componentDidUpdate(): void {
    const last = this.props.chat.messages.peek().at(-1);
    if (last?.key !== this.#lastKey) {
      this.#lastKey = last?.key;
      // The customer's own new message always brings them to the bottom.
      if (last?.kind === 'customer') this.#stuck = true;
      // A new conversation: its old rows are gone, unread or not.
      if (!last) {
        this.#observer!.disconnect();
        this.#watched.clear();
      }
    }
    this.#follow();
    this.#observeNew();
  }

  override componentWillUnmount(): void {
    cancelAnimationFrame(this.#frame);
    this.#observer?.disconnect();
    this.#resizer.disconnect();
  }

  override render() {
    const { chat, s, children } = this.props;
    const messages = chat.messages.value;
    // Unkeyed: a block's place in the list is its identity (block n always holds messages from n * BLOCK).
    const blocks = [];
    for (let from = 0; from < messages.length; from += BLOCK) blocks.push(<Block messages={messages} from={from} s={s} />);
    return (
      <div class="scroller" ref={this.#scroller} onScroll={this.#handleScroll}>
        <div ref={this.#content}>
          <div class="log" role="log" aria-live="polite" aria-label={s.messages} ref={this.#log}>
            {blocks}
          </div>
          {children}
        </div>
      </div>
    );
  }
}
