import type { ConnectionStatus } from '../state/types.ts';
import { useStrings } from './i18n.ts';

/** Tells the customer when the link to the chat service is down; messages wait as "Sending…" meanwhile. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  const s = useStrings();
  const text = status === 'reconnecting' ? s.reconnecting : status === 'unreachable' ? s.unreachable : '';
  if (!text) return null;
  return (
    <p class={`banner banner-${status}`} role="status">
      {text}
    </p>
  );
}
