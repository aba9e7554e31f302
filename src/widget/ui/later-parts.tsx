/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
/**
 * The parts of the panel that show only once something has happened (reply buttons, a queue place, an agent
 * typing, the end of the chat and its "End the chat?" dialog): one lazy chunk, which App starts loading as
 * soon as it mounts, so that it is in long before any of them is needed (DESIGN §8: the first load shows the
 * panel and the composer, nothing else).
 */
import { h, Fragment } from './reactive.ts';
import type { Chat } from '../state/types.ts';
import type { Strings } from './i18n.ts';
import { QueueStatus } from './QueueStatus.tsx';
import { QuickReplies } from './QuickReplies.tsx';
import { TypingIndicator } from './TypingIndicator.tsx';

export { EndChatDialog } from './EndChatDialog.tsx';
export { EndedFooter } from './EndedFooter.tsx';

/** What shows under the messages: the latest reply buttons, the queue place, the agent typing. */
export function UnderMessages({ chat, s }: { chat: Chat; s: Strings }) {
  return (
    <>
      <QuickReplies chat={chat} s={s} />
      <QueueStatus chat={chat} s={s} />
      <TypingIndicator chat={chat} s={s} />
    </>
  );
}
