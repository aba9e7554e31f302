/** @jsxRuntime classic */
/** @jsx h */
import './ErrorPanel.css';
import { h } from './reactive.ts';
import type { ComponentChildren } from './reactive.ts';

/** A short, plain message in place of the chat (bad config, or a render error caught by `<App>`). */
export function ErrorPanel({ text, children }: { text: string; children?: ComponentChildren }) {
  return (
    <div class="error-panel" role="alert">
      <p>{text}</p>
      {children}
    </div>
  );
}
