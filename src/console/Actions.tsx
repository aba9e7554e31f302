import { useState } from 'preact/hooks';
import type { ConsoleState } from './state.ts';

const DEFAULT_REASON = 'Thanks for contacting Nordlink Broadband. Have a nice day!';

/** Conversation-level actions: queue position, agent done, end session, platform closed. */
export function Actions({ state, disabled }: { state: ConsoleState; disabled: boolean }) {
  const [position, setPosition] = useState('1');
  const [reason, setReason] = useState(DEFAULT_REASON);
  return (
    <section class="actions" aria-label="Conversation actions">
      <form
        class="action"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(position);
          if (Number.isInteger(n) && n > 0) state.sendQueueNumber(n, n * 45);
        }}
      >
        <label>
          Queue position
          <input type="number" min={1} max={999} value={position} disabled={disabled} onInput={(e) => setPosition(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={disabled}>Send queue number</button>
      </form>
      <form
        class="action"
        onSubmit={(e) => {
          e.preventDefault();
          state.endSession(reason);
        }}
      >
        <label>
          Reason shown to the customer
          <input value={reason} disabled={disabled} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        <button type="submit" class="danger" disabled={disabled}>End conversation</button>
      </form>
      <div class="action buttons">
        <button type="button" disabled={disabled} onClick={() => state.agentDone()}>Agent done</button>
        <button type="button" disabled={disabled} onClick={() => state.platformClosed()}>Send platform closed</button>
      </div>
    </section>
  );
}
