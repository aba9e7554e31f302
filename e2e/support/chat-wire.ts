/**
 * Outbound events in both wire formats the widget must understand (DESIGN §4, "both formats understood,
 * always"). Format 2 goes the real way: the agent application sends it and the broker numbers and routes it.
 * Applications may not send format 1 (DESIGN §6), so seed 000 frames are written into the widget's own
 * socket by Playwright (`ChatWidget.inject`), as a seed 000 broker would deliver them.
 */
import type { OutboundEvent } from '../../src/protocol/index.ts';
import type { AgentSocket } from './chat-agent.ts';
import type { ChatWidget } from './chat-widget.ts';

export type Format = 1 | 2;

/** Seed 000's shape of an outbound event: `platform`, `user.id`, the message and agent in `raw`. */
export function seed000(event: OutboundEvent): Record<string, unknown> {
  const head = { type: event.type, platform: 'webchat', user: { id: event.userId } };
  const to = event.userId;
  switch (event.type) {
    case 'text': {
      const raw: Record<string, unknown> = { to, message: event.text, agent: event.agent ?? {} };
      if (event.typing !== undefined) raw.typing = event.typing;
      if (event.image !== undefined) raw.data = { image: event.image };
      if (event.imageId !== undefined) raw.imageId = event.imageId;
      if (event.quickReplies !== undefined) raw.quickReplies = event.quickReplies;
      // DESIGN §4.4: "In format 1 (seed 000) the same list is read from `raw.attachments`" (and `format` beside it).
      if (event.format !== undefined) raw.format = event.format;
      if (event.attachments !== undefined) raw.attachments = event.attachments;
      return { ...head, text: event.text, raw };
    }
    case 'info':
      return { ...head, text: event.text, raw: {} };
    case 'queue_number':
      // seed 000: the number as text, nothing else.
      return { ...head, text: String(event.queueNumber), raw: {} };
    case 'typing_on':
    case 'typing_off':
      return { ...head, text: 'sdf', raw: { to, agent: event.agent ?? { name: '' } } };
    case 'agent_done':
      return { ...head, text: event.text ?? '', raw: { to, agent: event.agent ?? { id: 'system', name: 'Info' }, message: event.text ?? '' } };
    case 'platform_closed':
      return { ...head, text: event.text ?? '', raw: {} };
    case 'end_session':
      return { ...head, text: event.reasonText ?? '', raw: {} };
  }
}

/** Sends outbound events to the widget's conversation in one wire format. */
export interface Speaker {
  format: Format;
  send(event: OutboundEvent): void;
}

export function speaker(format: Format, agent: AgentSocket, widget: ChatWidget): Speaker {
  return {
    format,
    send: (event) => (format === 2 ? agent.send(event) : widget.inject(JSON.stringify(seed000(event)))),
  };
}
