/**
 * The strings of what comes in lazy chunks (the pre-chat form, the rating, the transcript file), in English
 * and Swedish; apart from `i18n.ts` so that the iframe's first load does not carry them (DESIGN §8). Names of
 * roles are a contract (DESIGN §5): tests query by them, so change them only together with DESIGN.md.
 */
import type { Locale } from '../../config/config.ts';
import type { PreChatName, PreChatProblem } from '../state/pre-chat.ts';
import { MAX_PRE_CHAT_ANSWER } from '../state/pre-chat.ts';

const en = {
  beforeWeStart: 'Before we start',
  formHint: 'Tell us who you are, so that we can help you better.',
  requiredHint: 'Fields marked * are required.',
  fields: { name: 'Name', email: 'Email', phone: 'Phone' } satisfies Record<PreChatName, string>,
  problems: {
    required: 'Please fill in this field.',
    email: 'Enter an email address like name@example.com.',
    phone: 'Enter a phone number of at least 6 digits, like +46 70 123 45 67.',
    long: `At most ${MAX_PRE_CHAT_ANSWER} characters.`,
  } satisfies Record<PreChatProblem, string>,
  startChat: 'Start chat',
  rateChat: 'Rate the chat',
  stars: (n: number) => (n === 1 ? '1 star' : `${n} stars`),
  comment: 'Comment (optional)',
  sendRating: 'Send rating',
  thanks: 'Thank you for your rating',
  /** Names in the transcript file (DESIGN §5): the customer, and system lines. */
  you: 'You',
  info: 'Info',
};

export type LazyStrings = typeof en;

const sv: LazyStrings = {
  beforeWeStart: 'Innan vi börjar',
  formHint: 'Berätta vem du är, så kan vi hjälpa dig bättre.',
  requiredHint: 'Fält markerade med * måste fyllas i.',
  fields: { name: 'Namn', email: 'E-post', phone: 'Telefon' },
  problems: {
    required: 'Fyll i det här fältet.',
    email: 'Ange en e-postadress som namn@exempel.se.',
    phone: 'Ange ett telefonnummer med minst 6 siffror, som 070-123 45 67.',
    long: `Högst ${MAX_PRE_CHAT_ANSWER} tecken.`,
  },
  startChat: 'Starta chatten',
  rateChat: 'Betygsätt chatten',
  stars: (n) => (n === 1 ? '1 stjärna' : `${n} stjärnor`),
  comment: 'Kommentar (valfri)',
  sendRating: 'Skicka betyg',
  thanks: 'Tack för ditt betyg',
  you: 'Du',
  info: 'Info',
};

export const lazyStringsFor = (locale: Locale): LazyStrings => (locale === 'sv' ? sv : en);
