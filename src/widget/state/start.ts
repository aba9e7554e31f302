/**
 * The conversation's `start` (DESIGN §4). Its params are what the host page forwards, so their size is not
 * ours to choose, yet a frame over the broker's limit is refused (close 1009) and would go again on every
 * socket, holding up every text behind it in the outbox. So params are kept, in order, while the frame
 * stays within MAX_FRAME_BYTES, and within the protocol's caps on `start.params` (so that the outbox's stored
 * copy reads back the same); the others are left out, named in one console error.
 */
import { MAX_FRAME_BYTES, MAX_PARAM_KEY, MAX_PARAM_VALUE, MAX_START_PARAMS, encodeFormat2 } from '../../protocol/index.ts';
import type { Format1, StartInbound } from '../../protocol/index.ts';

type Start = StartInbound & { id: string };

/** `format1`: the frame is sent in wire format 1 (`protocol=1`), else in format 2. */
export function startEvent(base: Omit<Start, 'type' | 'params'>, params: Readonly<Record<string, string>>, format1: Format1 | undefined): Start {
  const event: Start = { type: 'start', ...base, params: {} };
  const left = Object.keys(params).filter((key, i) => {
    const value = (event.params[key] = params[key]!);
    const over = i >= MAX_START_PARAMS || key.length > MAX_PARAM_KEY || value.length > MAX_PARAM_VALUE;
    return (over || new Blob([format1 ? format1.encodeInbound(event) : encodeFormat2(event)]).size > MAX_FRAME_BYTES) && delete event.params[key];
  });
  if (left.length > 0) console.error(`sermo: start.params too long, left out: ${left.join(', ')}`);
  return event;
}
