/** @jsxRuntime classic */
/** @jsx h */
import './ConnectionBanner.css';
import { h } from './reactive.ts';
import type { ConnectionStatus } from '../state/types.ts';
import type { Strings } from './i18n.ts';

/** Tells the customer when the link to the chat service is down; messages wait as "Sending…" meanwhile. */
export function ConnectionBanner({ s, status }: { s: Strings; status: ConnectionStatus }) {
  const text = status === 'reconnecting' ? s.reconnecting : status === 'unreachable' ? s.unreachable : '';
  if (!text) return null;
  return (
    <p class="banner" role="status">
      {text}
    </p>
  );
}
