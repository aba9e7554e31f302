/**
 * Every string the iframe shows, in English and Swedish. Names of roles are a contract (DESIGN §5): tests
 * query by them, so change them only together with DESIGN.md.
 */
import type { Locale } from '../../config/config.ts';
import { MAX_CUSTOMER_TEXT, MAX_IMAGE_BYTES } from '../state/limits.ts';

/** The image limit in whole megabytes (MB = 1,048,576 bytes, as file managers count). */
const MAX_IMAGE_MB = MAX_IMAGE_BYTES / 1048576;

const en = {
  locale: 'en' as Locale,
  title: 'Customer service',
  messages: 'Messages',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach image',
  sending: 'Sending…',
  image: 'Image',
  someone: 'The agent',
  endChat: 'End chat',
  endQuestion: 'End the chat?',
  minimise: 'Minimise chat',
  download: 'Download transcript',
  reconnecting: 'Reconnecting…',
  unreachable: 'The chat service cannot be reached right now',
  tooLong: (n: number) => `The message is too long: ${n.toLocaleString('en')} of at most ${MAX_CUSTOMER_TEXT.toLocaleString('en')} characters.`,
  // Named by the image upload's refusal reasons (ImageResult), which pick them.
  too_large: `The image is too large (at most ${MAX_IMAGE_MB} MB).`,
  bad_type: 'Only PNG, JPEG, GIF and WebP images can be sent.',
  upload_failed: 'The image could not be sent. Please try again.',
  broken: 'Something went wrong.',
  retry: 'Try again',
  // Shown instead of the chat when widget.html's settings are refused (DESIGN §3, §6.2).
  refused: 'This chat cannot be opened: its settings are not valid.',
};

/** The strings of one locale. */
export type Strings = typeof en;

const sv: Strings = {
  locale: 'sv',
  title: 'Kundtjänst',
  messages: 'Meddelanden',
  message: 'Meddelande',
  placeholder: 'Skriv ett meddelande…',
  send: 'Skicka',
  attach: 'Bifoga bild',
  sending: 'Skickas…',
  image: 'Bild',
  someone: 'Handläggaren',
  endChat: 'Avsluta chatten',
  endQuestion: 'Avsluta chatten?',
  minimise: 'Minimera chatten',
  download: 'Ladda ner konversationen',
  reconnecting: 'Återansluter…',
  unreachable: 'Det går inte att nå chatten just nu',
  tooLong: (n) => `Meddelandet är för långt: ${n.toLocaleString('sv')} av högst ${MAX_CUSTOMER_TEXT.toLocaleString('sv')} tecken.`,
  too_large: `Bilden är för stor (högst ${MAX_IMAGE_MB} MB).`,
  bad_type: 'Bara PNG-, JPEG-, GIF- och WebP-bilder kan skickas.',
  upload_failed: 'Bilden kunde inte skickas. Försök igen.',
  broken: 'Något gick fel.',
  retry: 'Försök igen',
  refused: 'Chatten kan inte öppnas: inställningarna är ogiltiga.',
};

/** The strings for a locale. */
export const stringsFor = (locale: Locale): Strings => (locale === 'sv' ? sv : en);

