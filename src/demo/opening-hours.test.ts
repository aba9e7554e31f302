import { describe, expect, it } from 'vitest';
import { isOpen, parseOpeningHours, type OpeningHours } from './opening-hours.ts';

const parsed = (text: string): OpeningHours => {
  const result = parseOpeningHours(text);
  if (!result.ok) throw new Error(result.error);
  return result.hours;
};

// 2026-01-05 is a Monday; local time, as the bot reads it.
const monday = (h: number, m = 0): Date => new Date(2026, 0, 5, h, m);
const sunday = (h: number): Date => new Date(2026, 0, 4, h, 0);

describe('parseOpeningHours', () => {
  it('reads a weekday range', () => {
    expect(parsed('Mon-Fri 08:00-20:00')).toEqual({ days: [1, 2, 3, 4, 5], opens: 480, closes: 1200, label: 'Mon-Fri 08:00-20:00' });
  });

  it('reads hours without days as every day', () => {
    expect(parsed('9:30-17:00').days).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('wraps a day range over the week end', () => {
    expect(parsed('Sat-Sun 10:00-14:00').days).toEqual([6, 0]);
  });

  it.each(['', 'always', 'Mon-Fri', 'Xyz 08:00-10:00', '20:00-08:00', '08:00-25:00', '08:61-09:00'])(
    'refuses %j and names the expected form',
    (text) => {
      const result = parseOpeningHours(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain('[Mon-Fri] HH:MM-HH:MM');
    },
  );
});

describe('isOpen', () => {
  const hours = parsed('Mon-Fri 08:00-20:00');

  it('is always open without opening hours', () => {
    expect(isOpen(undefined, sunday(3))).toBe(true);
  });

  it('is open inside the hours on an open day', () => {
    expect(isOpen(hours, monday(8))).toBe(true);
    expect(isOpen(hours, monday(19, 59))).toBe(true);
  });

  it('is closed at closing time, before opening and on a closed day', () => {
    expect(isOpen(hours, monday(20))).toBe(false);
    expect(isOpen(hours, monday(7, 59))).toBe(false);
    expect(isOpen(hours, sunday(12))).toBe(false);
  });
});
