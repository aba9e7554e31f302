import { presenceLabel, shortId, type Conversation } from './model.ts';
import type { ConsoleState } from './state.ts';

function owner(c: Conversation, me: string): string {
  if (c.ended) return 'Ended';
  if (c.claimedBy === me) return 'Yours';
  if (c.claimedBy) return `Claimed by ${c.claimedBy}`;
  if (c.queueNumber !== null) return `In queue (${c.queueNumber})`;
  return 'Bot';
}

/** The live list: one button per conversation with presence, owner, unread count and the live draft. */
export function ConversationList({ state }: { state: ConsoleState }) {
  const now = state.clock.value;
  const selected = state.selected.value?.userId;
  const me = state.agentId.value;
  const list = state.conversations.value;
  return (
    <nav class="conversation-list" aria-label="Conversations">
      <h2>Conversations <span class="count">{list.length}</span></h2>
      <ul>
        {list.map((c) => {
          const last = [...c.entries].reverse().find((e) => e.kind !== 'event');
          return (
            <li key={c.userId}>
              <button
                type="button"
                aria-current={c.userId === selected ? 'true' : undefined}
                onClick={() => state.select(c.userId)}
              >
                <span class="row">
                  <span class={`presence presence-${c.presence}`} aria-hidden="true" />
                  <strong>Customer {shortId(c.userId)}</strong>
                  {c.unread > 0 && <span class="badge">{c.unread} unread</span>}
                </span>
                <span class="meta">{owner(c, me)} · {presenceLabel(c, now)}</span>
                {c.draft ? (
                  <span class="draft">Typing: {c.draft}</span>
                ) : (
                  last && <span class="preview">{last.text}</span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
