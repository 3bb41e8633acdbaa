/**
 * Calendar arithmetic for letters. Dates are ISO strings (YYYY-MM-DD) of the calendar day,
 * never Date objects carried around, so no time zone can move a deadline by a day.
 */

const calendarFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function calendarDate(now: Date, timeZone: string): string {
  let format = calendarFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    calendarFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The day a period of whole months ends, counted from `start`. A period expressed in months
 * ends on the day of the last month with the same date as the day it began; where that month
 * has no such day (31 January + 1 month), on that month's last day: Art. 3(2)(c) of
 * Regulation (EEC, Euratom) No 1182/71, which governs time limits in EU acts such as the GDPR.
 */
export function addMonths(start: string, months: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The calendar day `days` days after `start` (a period in days ends on its last day). */
export function addDays(start: string, days: number): string {
  const date = new Date(`${start}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar date written out in a language ("29 November 2026", "29 novembre 2026").
 * `firstDay` is the locale's own way of writing the first of a month where it differs
 * from the number (French "1er"), from the locale's letter.json.
 */
export function formatLongDate(iso: string, dateLocale: string, firstDay?: string): string {
  const date = new Date(`${iso}T12:00:00Z`);
  const parts = longDateFormat(dateLocale).formatToParts(date);
  return parts
    .map((p) => (p.type === 'day' && p.value === '1' && firstDay ? firstDay : p.value))
    .join('');
}

// Intl formatters are costly to build (CLDR look-ups) and immutable: one per locale.
const longDateFormats = new Map<string, Intl.DateTimeFormat>();
function longDateFormat(locale: string): Intl.DateTimeFormat {
  let format = longDateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    longDateFormats.set(locale, format);
  }
  return format;
}
