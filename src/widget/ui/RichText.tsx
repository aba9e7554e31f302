/** @jsxRuntime classic */
/** @jsx h */
import { h } from './reactive.ts';
import { linkify } from './linkify.ts';

/** Wire text as text nodes, with http(s) links as safe anchors (DESIGN §4: never HTML). */
export function RichText({ text }: { text: string }) {
  return linkify(text).map((part) =>
    part.href ? (
      <a href={part.href} target="_blank" rel="noopener noreferrer">
        {part.text}
      </a>
    ) : (
      part.text
    ),
  );
}
