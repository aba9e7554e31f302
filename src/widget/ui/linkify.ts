/**
 * Splits wire text into plain runs and http(s) links, so links can be rendered as anchors while every
 * character stays text (DESIGN §4: never HTML). Pure, no DOM.
 */

/** A run of text; `href` is set when the run is a link. */
export interface TextPart {
  text: string;
  href?: string;
}

// Stops at whitespace and at characters that cannot appear unescaped in a URL written in prose.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation right after a link belongs to the sentence ("see https://x.se/a.").
const TRAILING = /[.,:;!?)\]}]+$/;

/** Split `text` into parts; links are http/https only and parse as URLs. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    let raw = match[0];
    // Keep a closing bracket that has its opening one inside the link (Wikipedia-style URLs).
    const trail = TRAILING.exec(raw)?.[0] ?? '';
    if (trail && !(trail === ')' && raw.includes('('))) raw = raw.slice(0, -trail.length);
    if (!URL.canParse(raw)) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href: raw });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
