/**
 * Every string the iframe shows, in English; the Swedish ones are in i18n-sv.ts, a chunk of its own that only a
 * Swedish widget loads (DESIGN §8). Names of roles are a contract (DESIGN §5): tests query by them, so change
 * them only together with DESIGN.md.
 */
import type { Locale } from '../../config/config.ts';
import { MAX_CUSTOMER_TEXT, MAX_IMAGE_BYTES } from '../state/limits.ts';
import { EN_STATE_TEXTS } from '../state/texts.ts';

/** The image limit in whole megabytes (MB = 1,048,576 bytes, as file managers count). */
export const MAX_IMAGE_MB = MAX_IMAGE_BYTES / 1048576;

export const en = {
  locale: 'en' as Locale,
  /** The chat state's own sentences (state/texts.ts), which come with these. */
  stateTexts: EN_STATE_TEXTS,
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

/**
 * The strings for a locale. Swedish comes in its own chunk, asked for as soon as the widget knows its locale;
 * should it not load (offline), the widget speaks English rather than show nothing.
 */
export const loadStrings = (locale: Locale): Promise<Strings> =>
  locale === 'sv' ? import('./i18n-sv.ts').then((m) => m.sv, () => en) : Promise.resolve(en);
