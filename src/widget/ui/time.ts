/** Message timestamps through Intl.DateTimeFormat, one formatter per locale and kind. */

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatter = (locale: string, withDate: boolean): Intl.DateTimeFormat => {
  const id = `${locale}${withDate}`;
  let f = formatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, withDate ? { dateStyle: 'short', timeStyle: 'short' } : { timeStyle: 'short' });
    formatters.set(id, f);
  }
  return f;
};

/** "14:05" for today, with the date for older messages (a conversation may survive midnight). */
export function formatTime(at: number, locale: string, now = Date.now()): string {
  const today = new Date(now).toDateString() === new Date(at).toDateString();
  return formatter(locale, !today).format(at);
}
