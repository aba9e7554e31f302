/** Message timestamps through Intl.DateTimeFormat, one formatter per locale and kind (made once: they are slow to make). */

const formatters: Record<string, Intl.DateTimeFormat> = {};

/** "14:05" for today, with the date for older messages (a conversation may survive midnight). */
export function formatTime(at: number, locale: string): string {
  const withDate = new Date().toDateString() !== new Date(at).toDateString();
  return (formatters[locale + withDate] ??= new Intl.DateTimeFormat(locale, { dateStyle: withDate ? 'short' : undefined, timeStyle: 'short' })).format(at);
}
