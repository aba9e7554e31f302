/**
 * The Swedish strings (i18n.ts has the English ones and says when these load). Names of roles are a contract
 * (DESIGN §5): tests query by them, so change them only together with DESIGN.md.
 */
import { MAX_CUSTOMER_TEXT } from '../state/limits.ts';
import { SV_STATE_TEXTS } from '../state/texts-sv.ts';
import { MAX_IMAGE_MB, type Strings } from './i18n.ts';

export const sv: Strings = {
  locale: 'sv',
  stateTexts: SV_STATE_TEXTS,
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
