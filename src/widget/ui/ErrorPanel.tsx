/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact';
import type { ComponentChildren } from 'preact';

/** A short, plain message in place of the chat (bad config, or a render error caught by `<App>`). */
export function ErrorPanel({ text, children }: { text: string; children?: ComponentChildren }) {
  return (
    <div class="error-panel" role="alert">
      <p>{text}</p>
      {children}
    </div>
  );
}
