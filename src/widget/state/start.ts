/**
 * The conversation's `start` (DESIGN §4). Its params are what the host page forwards, so their size is not
 * ours to choose, yet a frame over the broker's limit is refused (close 1009) and would go again on every
 * socket, holding up every text behind it in the outbox. So each param is kept only if it reads back as it
 * is (the protocol's caps on `start.params`, which the outbox's stored copy goes through) and the frame
 * stays within MAX_FRAME_BYTES; the others are left out, named in one console error.
 */
import { MAX_FRAME_BYTES, encodeInbound, parseStoredInbound } from '../../protocol/index.ts';
import type { StartInbound } from '../../protocol/index.ts';

type Start = StartInbound & { id: string };

export function startEvent(base: Omit<Start, 'type' | 'params'>, params: Readonly<Record<string, string>>, protocol: 1 | 2): Start {
  const event: Start = { type: 'start', ...base, params: {} };
  const left = Object.keys(params).filter((key) => {
    const value = (event.params[key] = params[key]!);
    const stored = parseStoredInbound(encodeInbound(event, 2));
    const kept = stored.ok && stored.event.type === 'start' && stored.event.params[key] === value;
    return (!kept || new Blob([encodeInbound(event, protocol)]).size > MAX_FRAME_BYTES) && delete event.params[key];
  });
  if (left.length > 0) console.error(`sermo: start.params left out (too long): ${left.join(', ')}`);
  return event;
}
