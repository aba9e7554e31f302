import { presenceLabel, ratingLabel, shortId, type Conversation } from './model.ts';
import type { ConsoleState } from './state.ts';
import { Actions } from './Actions.tsx';
import { Composer } from './Composer.tsx';
import { Transcript } from './Transcript.tsx';

/** One conversation: who has it, presence, read state, the transcript, the live draft and the agent's tools. */
export function ConversationView(props: { state: ConsoleState; conversation: Conversation; uploadImage: (file: File) => Promise<string> }) {
  const { state, conversation: c } = props;
  const mine = c.claimedBy === state.agentId.value;
  const title = `Customer ${shortId(c.userId)}`;
  return (
    <main class="conversation" aria-label={`Conversation with ${title}`}>
      <header class="conversation-header">
        <h2>{title}</h2>
        <p class="meta">
          <span>{presenceLabel(c, state.clock.value)}</span>
          {c.readAt !== undefined && <span> · Read up to {new Date(c.readAt).toLocaleTimeString()}</span>}
          {Object.keys(c.params).length > 0 && <span> · {Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(', ')}</span>}
          {c.rating && <span> · {ratingLabel(c.rating)}</span>}
        </p>
        <p class="owner">
          {c.ended ? 'This conversation has ended.' : mine ? 'You are handling this conversation.' : c.claimedBy ? `Claimed by ${c.claimedBy}.` : 'The bot is handling this conversation.'}
        </p>
        {!mine && !c.ended && (
          <button type="button" class="primary" onClick={() => state.claim()}>Claim from bot</button>
        )}
      </header>
      <Transcript conversation={c} />
      <p class="customer-draft" role="status" aria-label="Customer draft">
        {c.draft ? <><strong>Customer is typing:</strong> {c.draft}</> : ''}
      </p>
      <Composer state={state} disabled={c.ended} uploadImage={props.uploadImage} />
      <Actions state={state} disabled={c.ended} />
    </main>
  );
}
