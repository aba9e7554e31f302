/** @jsxRuntime classic */
/** @jsx h */
/**
 * A `format: "markdown"` text (DESIGN §4) as elements and text nodes, never HTML: the subset markdown.ts
 * reads, with http(s) addresses in its text made links as in plain text. It comes in a chunk of its own, on
 * the first markdown message (DESIGN §8); Message.tsx shows the text plain meanwhile.
 */
import css from './Markdown.css?inline';
import { h, type ComponentChildren } from './reactive.ts';
import { adoptStyles } from './lazy.ts';
import { parseMarkdown, type Inline } from './markdown.ts';
import { RichText } from './RichText.tsx';

adoptStyles(css);

function InlineContent({ nodes }: { nodes: readonly Inline[] }): ComponentChildren {
  return nodes.map((node) => {
    if (typeof node === 'string') return <RichText text={node} />;
    switch (node.kind) {
      case 'strong':
        return (
          <strong>
            <InlineContent nodes={node.children} />
          </strong>
        );
      case 'em':
        return (
          <em>
            <InlineContent nodes={node.children} />
          </em>
        );
      case 'code':
        return <code class="md-code">{node.text}</code>;
      case 'link':
        // DESIGN §4: http, https, mailto and tel only (markdown.ts); a new tab for the web ones.
        return /^https?:/.test(node.href) ? (
          <a href={node.href} target="_blank" rel="noopener noreferrer">
            {node.text}
          </a>
        ) : (
          <a href={node.href}>{node.text}</a>
        );
    }
  });
}

export function Markdown({ text }: { text: string }) {
  return (
    <div class="message-text md">
      {parseMarkdown(text).map((block) => {
        if (block.kind === 'p') {
          return (
            <p>
              <InlineContent nodes={block.children} />
            </p>
          );
        }
        const items = block.items.map((item) => (
          <li>
            <InlineContent nodes={item} />
          </li>
        ));
        return block.kind === 'ul' ? <ul>{items}</ul> : <ol start={block.start}>{items}</ol>;
      })}
    </div>
  );
}
