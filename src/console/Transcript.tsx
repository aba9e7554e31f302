import type { Conversation, Entry } from './model.ts';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function Line({ entry, read }: { entry: Entry; read: boolean }) {
  if (entry.kind === 'event' || entry.kind === 'info') {
    return (
      <li class={`line line-${entry.kind}`}>
        <span>{entry.kind === 'info' ? `Info: ${entry.text}` : entry.text}</span> <time>{time(entry.at)}</time>
      </li>
    );
  }
  const who = entry.kind === 'customer' ? 'Customer' : entry.kind === 'bot' ? `${entry.author ?? 'Bot'} (bot)` : entry.author ?? 'Agent';
  return (
    <li class={`line line-${entry.kind}`}>
      <span class="who">{who}</span>
      <p class="bubble">
        {entry.text}
        {entry.imageId !== undefined && <img src={`./images/${encodeURIComponent(entry.imageId)}`} alt="Attached image" />}
      </p>
      {entry.quickReplies && <span class="note">Quick replies: {entry.quickReplies.map((q) => q.text).join(', ')}</span>}
      {entry.quickReplyPayload !== undefined && <span class="note">Chosen quick reply</span>}
      <span class="note">
        <time>{time(entry.at)}</time>
        {entry.kind !== 'customer' && (read ? ' · Read' : ' · Not read yet')}
      </span>
    </li>
  );
}

/** Everything that happened in one conversation, oldest first. */
export function Transcript({ conversation }: { conversation: Conversation }) {
  const readAt = conversation.readAt ?? -1;
  return (
    <div class="transcript" role="log" aria-label="Transcript">
      <ol>
        {conversation.entries.map((e) => <Line key={e.key} entry={e} read={e.at <= readAt} />)}
      </ol>
    </div>
  );
}
