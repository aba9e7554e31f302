import { useState } from 'preact/hooks';
import type { ConsoleState } from './state.ts';

const STATUS_TEXT = {
  'no-key': 'Not connected: enter the API key',
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  unreachable: 'Cannot connect: check the API key, and that the broker is running',
} as const;

/** Title, connection status, the agent's name and the API key form. */
export function Header({ state }: { state: ConsoleState }) {
  const status = state.status.value;
  const [editing, setEditing] = useState(false);
  const showKeyForm = editing || status === 'no-key' || status === 'unreachable';
  return (
    <header class="console-header">
      <h1>Sermo agent console</h1>
      <p role="status" class={`status status-${status}`}>{STATUS_TEXT[status]}</p>
      <label class="agent-name">
        Your name
        <input
          value={state.agentName.value}
          onChange={(e) => state.setAgentName(e.currentTarget.value)}
          autocomplete="name"
        />
      </label>
      {showKeyForm ? (
        <form
          class="key-form"
          aria-label="API key"
          onSubmit={(e) => {
            e.preventDefault();
            const key = new FormData(e.currentTarget).get('apiKey');
            if (typeof key === 'string' && key.trim()) {
              state.useKey(key.trim());
              setEditing(false);
            }
          }}
        >
          <label>
            API key
            <input name="apiKey" type="password" autocomplete="off" required defaultValue={state.apiKey.value ?? ''} />
          </label>
          <button type="submit">Connect</button>
        </form>
      ) : (
        <button type="button" class="link" onClick={() => setEditing(true)}>Change API key</button>
      )}
    </header>
  );
}
