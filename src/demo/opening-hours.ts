/**
 * Opening hours of the demo's customer service, e.g. `Mon-Fri 08:00-20:00` or `08:00-17:00` (every day).
 * Off by default: the demo is always open unless `SERMO_DEMO_HOURS` (or the bot option) sets them.
 * Times are the bot process's local time.
 */

export interface OpeningHours {
  /** Days open, 0 = Sunday ... 6 = Saturday (as `Date#getDay`). */
  days: readonly number[];
  /** Minutes after midnight; open from `opens` (inclusive) to `closes` (exclusive). */
  opens: number;
  closes: number;
  /** The text the bot shows when closed, e.g. "Mon-Fri 08:00-20:00". */
  label: string;
}

export type OpeningHoursResult = { ok: true; hours: OpeningHours } | { ok: false; error: string };

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FORMAT = /^(?:([a-z]{3})(?:-([a-z]{3}))?\s+)?(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/i;

const dayIndex = (name: string): number => DAY_NAMES.indexOf(name.toLowerCase() as (typeof DAY_NAMES)[number]);

/** Parse `[Day[-Day]] HH:MM-HH:MM`; the error names the expected form. */
export function parseOpeningHours(text: string): OpeningHoursResult {
  const fail: OpeningHoursResult = {
    ok: false,
    error: `opening hours: expected "[Mon-Fri] HH:MM-HH:MM", got ${JSON.stringify(text)}`,
  };
  const match = FORMAT.exec(text.trim());
  if (!match) return fail;
  const [, fromDay, toDay, oh = '', om = '', ch = '', cm = ''] = match;
  const opens = Number(oh) * 60 + Number(om);
  const closes = Number(ch) * 60 + Number(cm);
  if (Number(oh) > 23 || Number(ch) > 24 || Number(om) > 59 || Number(cm) > 59 || closes <= opens) return fail;

  let days = [0, 1, 2, 3, 4, 5, 6];
  if (fromDay !== undefined) {
    const first = dayIndex(fromDay);
    const last = toDay === undefined ? first : dayIndex(toDay);
    if (first < 0 || last < 0) return fail;
    days = [];
    // Wraps around the week, so "Sat-Sun" works as well as "Mon-Fri".
    for (let d = first; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === last) break;
    }
  }
  return { ok: true, hours: { days, opens, closes, label: text.trim() } };
}

/** Whether customer service is open at `date` (local time); no hours means always open. */
export function isOpen(hours: OpeningHours | undefined, date: Date): boolean {
  if (!hours) return true;
  const minute = date.getHours() * 60 + date.getMinutes();
  return hours.days.includes(date.getDay()) && minute >= hours.opens && minute < hours.closes;
}
