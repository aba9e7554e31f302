/**
 * Which received events the demo bot's script reacts to, and as what. Everything else an application
 * receives (heartbeats, typing, read receipts, acks, its own kind's chatter) is none of the bot's business.
 */
import type { SermoEvent } from '../protocol/events.ts';
import type { ScriptInput } from './script.ts';

/** The script input for a routed event and the conversation it belongs to, or null to ignore it. */
export function toScriptInput(event: SermoEvent): { userId: string; input: ScriptInput } | null {
  if (event.type === 'application_heartbeat') return null;
  const userId = event.userId;
  const input = inputFor(event);
  return input ? { userId, input } : null;
}

function inputFor(event: Exclude<SermoEvent, { type: 'application_heartbeat' }>): ScriptInput | null {
  switch (event.direction) {
    case 'inbound':
      if (event.type === 'start') return { kind: 'start', params: event.params };
      if (event.type === 'text') {
        return event.quickReplyPayload === undefined
          ? { kind: 'text', text: event.text }
          : { kind: 'text', text: event.text, quickReplyPayload: event.quickReplyPayload };
      }
      if (event.type === 'client_left') return { kind: 'client_left' };
      return null;
    case 'outbound':
      // Another application (the console) spoke to the customer.
      if (event.type === 'end_session') return { kind: 'ended' };
      if (event.type === 'agent_done') return { kind: 'agent_done' };
      // A human agent writing takes the conversation even without an explicit claim.
      if (event.type === 'text' && event.agent?.type === 'human') return { kind: 'claimed' };
      return null;
    case 'internal':
      if (event.type === 'claim_session') return { kind: 'claimed' };
      if (event.type === 'agent_done') return { kind: 'agent_done' };
      return null;
  }
}
