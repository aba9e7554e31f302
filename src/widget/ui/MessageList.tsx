import './Message.css';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { Chat, ChatMessage } from '../state/types.ts';
import { useStrings } from './i18n.ts';
import { Message } from './Message.tsx';

/** Within this many pixels of the end the customer counts as "at the bottom" and new content follows. */
const STICK_PX = 48;

const startsRun = (m: ChatMessage, prev: ChatMessage | undefined): boolean =>
  m.kind === 'agent' && (prev?.kind !== 'agent' || prev.agent.name !== m.agent.name);

interface Props {
  chat: Chat;
  /** The live parts under the log (quick replies, queue position, typing); they read their own signals. */
  children?: ComponentChildren;
}

/**
 * The scrolling conversation: the `log` of messages, then `children`. Follows new content (messages, the
 * live parts, images as they load, the on-screen keyboard) while the customer is at the bottom, and reports
 * the messages scrolled into view to `chat.markInView` for read receipts.
 */
export function MessageList({ chat, children }: Props) {
  const s = useStrings();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const observed = useRef(new WeakSet<Element>());
  const observer = useRef<IntersectionObserver | null>(null);
  const lastKey = useRef<string | undefined>(undefined);
  const messages = chat.messages.value;

  // Rows are added only at the end, so walk back from the last one until a row already observed.
  const observeNew = () => {
    const io = observer.current;
    for (let row = log.current?.lastElementChild; io && row && !observed.current.has(row); row = row.previousElementSibling) {
      observed.current.add(row);
      io.observe(row);
    }
  };

  const scrollToEnd = () => {
    const el = scroller.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  };

  useEffect(() => {
    const root = scroller.current;
    const cleanups: (() => void)[] = [];
    if (typeof IntersectionObserver === 'function') {
      const io = new IntersectionObserver(
        (entries) => {
          const keys: string[] = [];
          for (const e of entries) {
            const key = e.isIntersecting && (e.target as HTMLElement).dataset.key;
            if (key) keys.push(key);
          }
          if (keys.length) chat.markInView(keys);
        },
        { root },
      );
      observer.current = io;
      observeNew();
      cleanups.push(() => {
        io.disconnect();
        observer.current = null;
        observed.current = new WeakSet();
      });
    }
    // The list shrinks (on-screen keyboard) or its content grows (typing, quick replies, an image loading).
    if (typeof ResizeObserver === 'function') {
      const ro = new ResizeObserver(scrollToEnd);
      if (root) ro.observe(root);
      if (content.current) ro.observe(content.current);
      cleanups.push(() => ro.disconnect());
    }
    return () => cleanups.forEach((c) => c());
  }, [chat]);

  useLayoutEffect(() => {
    const last = messages[messages.length - 1];
    // The customer's own new message always brings them to the bottom.
    if (last && last.key !== lastKey.current && last.kind === 'customer') stuck.current = true;
    lastKey.current = last?.key;
    scrollToEnd();
    observeNew();
  }, [messages]);

  const handleScroll = () => {
    const el = scroller.current;
    if (el) stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
  };

  return (
    <div class="scroller" ref={scroller} onScroll={handleScroll}>
      <div class="content" ref={content}>
        <div class="log" role="log" aria-live="polite" aria-label={s.messages} ref={log}>
          {messages.map((m, i) => (
            <Message key={m.key} message={m} showAuthor={startsRun(m, messages[i - 1])} s={s} />
          ))}
        </div>
        {children}
      </div>
    </div>
  );
}
