/**
 * Sentences the chat state itself produces (sent on the wire, or shown when the wire gave no text).
 * The UI's own labels live in `ui/i18n.ts`. These are English; the Swedish ones (`texts-sv.ts`) come with the
 * panel's Swedish words, in their chunk, and `createChat` is given the ones to use (`ChatDeps.texts`).
 */
export interface StateTexts {
  /** DESIGN §4: the `client_left` text, exactly as the seeds have it in Swedish. */
  clientLeft: string;
  /** end_session without a reasonText. */
  sessionEnded: string;
  /** platform_closed without a text. */
  platformClosed: string;
  /** agent_done without a text. */
  agentDone: string;
  /** DESIGN §5: the first line of a transcript cut after a reload (DESIGN §4.3). */
  earlierNotShown: string;
  /** DESIGN §4: another human agent than the last one who wrote (a transfer or takeover, seed 002). */
  joined: (name: string) => string;
}

export const EN_STATE_TEXTS: StateTexts = {
  clientLeft: 'The customer has closed the chat.',
  sessionEnded: 'The chat has ended.',
  platformClosed: 'The chat is closed right now. Please try again later.',
  agentDone: 'The agent has left the chat. Write a new message if you need more help.',
  earlierNotShown: 'Earlier messages are not shown',
  joined: (name) => `${name || 'An agent'} joined the chat`,
};
