/** Agent events the browser benchmarks feed to the widget, shaped like a human agent's. */
import type { OutboundEvent } from '../../src/protocol/index.ts';

const AGENTS = [
  { id: 'agent-anna', name: 'Anna', type: 'human' },
  { id: 'agent-omar', name: 'Omar', type: 'human' },
];

/** A text of ordinary length (about 90 characters) that names its marker, so it can be found once shown. */
export function agentText(userId: string, marker: string, index: number): OutboundEvent {
  return {
    type: 'text',
    direction: 'outbound',
    userId,
    text: `${marker} Your invoice for March is ready: 399 kr, due on the 28th. Anything else I can help with?`,
    // A change of author now and then, so rows with and without the author line both occur.
    agent: AGENTS[Math.floor(index / 7) % AGENTS.length]!,
  };
}

export function typing(userId: string, on: boolean): OutboundEvent {
  return { type: on ? 'typing_on' : 'typing_off', direction: 'outbound', userId, agent: AGENTS[0]! };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
