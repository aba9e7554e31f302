import type { ConsoleState } from './state.ts';
import { ConversationList } from './ConversationList.tsx';
import { ConversationView } from './ConversationView.tsx';
import { Header } from './Header.tsx';

/** The agent console: header (connection, agent, key), the live list, and the open conversation. */
export function App({ state, uploadImage }: { state: ConsoleState; uploadImage: (file: File) => Promise<string> }) {
  const selected = state.selected.value;
  return (
    <div class="console">
      <Header state={state} />
      <div class="panes">
        <ConversationList state={state} />
        {selected ? (
          <ConversationView key={selected.userId} state={state} conversation={selected} uploadImage={uploadImage} />
        ) : (
          <main class="empty">
            <p>{state.conversations.value.length ? 'Choose a conversation.' : 'Waiting for customers. Open the demo site and start a chat.'}</p>
          </main>
        )}
      </div>
    </div>
  );
}
