/**
 * Both locales' strings at hand, for component tests. The widget itself has the English ones at once and
 * loads the Swedish ones on demand (i18n.ts); the components get whichever as a prop either way.
 */
import type { Locale } from '../../config/config.ts';
import { en, type Strings } from './i18n.ts';
import { sv } from './i18n-sv.ts';

export const stringsFor = (locale: Locale): Strings => (locale === 'sv' ? sv : en);
