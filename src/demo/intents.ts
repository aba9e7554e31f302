/**
 * What a customer's message means to the demo bot. Pure: text in, intent out, so the bot's script can be
 * tested without a socket. Matching is by whole words in English and Swedish (the widget's two locales).
 */

/** The quick reply payloads the bot offers; a chosen quick reply is matched by payload before any text. */
export const PAYLOAD = {
  invoice: 'invoice',
  technical: 'technical',
  person: 'person',
  fixed: 'fixed',
  notFixed: 'not_fixed',
  bye: 'bye',
} as const;

export type Intent = 'invoice' | 'technical' | 'person' | 'fixed' | 'not_fixed' | 'bye' | 'unknown';

const PAYLOAD_INTENTS: Record<string, Intent> = {
  [PAYLOAD.invoice]: 'invoice',
  [PAYLOAD.technical]: 'technical',
  [PAYLOAD.person]: 'person',
  [PAYLOAD.fixed]: 'fixed',
  [PAYLOAD.notFixed]: 'not_fixed',
  [PAYLOAD.bye]: 'bye',
};

/** `\b` does not know å/ä/ö, so words are delimited by "not a letter" (Unicode aware). */
const words = (list: readonly string[]): RegExp =>
  new RegExp(`(?:^|[^\\p{L}])(?:${list.join('|')})(?:[^\\p{L}]|$)`, 'iu');

const GOODBYE = words(['bye', 'goodbye', 'bye bye', 'hej ?då', 'hejdå', 'tack', 'tackar', 'thanks', 'thank you', 'thx', 'adjö']);
const INVOICE = words(['invoice', 'invoices', 'bill', 'billing', 'payment', 'faktura', 'fakturan', 'räkning', 'betalning']);
const TECHNICAL = words(['internet', 'router', 'wifi', 'wi-fi', 'slow', 'down', 'broken', 'connection', 'technical', 'problem', 'tekniskt?', 'långsam', 'fungerar inte', 'funkar inte']);
const PERSON = words(['person', 'human', 'agent', 'someone', 'people', 'människa', 'handläggare', 'kundtjänst']);

/** True for a farewell ("bye", "hej då", "tack"...): the bot then ends the conversation. */
export function isGoodbye(text: string): boolean {
  return GOODBYE.test(text);
}

/** The customer's intent: a quick reply payload wins; otherwise keywords, farewells first. */
export function classify(text: string, quickReplyPayload?: string): Intent {
  if (quickReplyPayload !== undefined) {
    const intent = PAYLOAD_INTENTS[quickReplyPayload];
    if (intent) return intent;
  }
  if (isGoodbye(text)) return 'bye';
  if (PERSON.test(text)) return 'person';
  if (INVOICE.test(text)) return 'invoice';
  if (TECHNICAL.test(text)) return 'technical';
  return 'unknown';
}
