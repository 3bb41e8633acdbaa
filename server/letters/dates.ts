/**
 * Calendar arithmetic for letters. Dates are ISO strings (YYYY-MM-DD) of the calendar day,
 * never Date objects carried around, so no time zone can move a deadline by a day.
 */

const calendarFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's calendar date in a time zone, as YYYY-MM-DD. */
export function calendarDate(now: Date, timeZone: string): string {
  // Every letter asks; the answer changes at most once a minute in any time zone (offsets
  // are whole minutes), so the last one is kept for the minute it was given in.
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastDates.get(timeZone);
  if (last?.minute === minute) return last.date;
  const date = formatCalendarDate(now, timeZone);
  lastDates.set(timeZone, { minute, date });
  return date;
}
const lastDates = new Map<string, { minute: number; date: string }>();

function formatCalendarDate(now: Date, timeZone: string): string {
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

/**
 * The day a period ends when its last day would be a Saturday, a Sunday or a public holiday:
 * the next working day (Art. 3(4) of Regulation 1182/71; the EDPB reads Art. 12(3) GDPR so).
 * Public holidays are Ireland's, where both controllers are established.
 */
export function nextWorkingDay(iso: string): string {
  let day = iso;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** When the period of Art. 12(3) GDPR ends for a request received on `received`. */
export function answerPeriodEnd(received: string): string {
  return nextWorkingDay(addMonths(received, 1));
}

function isWorkingDay(iso: string): boolean {
  const weekday = new Date(`${iso}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !irishPublicHolidays(Number(iso.slice(0, 4))).has(iso);
}

const holidayYears = new Map<number, Set<string>>();
/**
 * Ireland's public holidays (Organisation of Working Time Act 1997, Schedule 2, as amended
 * for St Brigid's Day from 2023): the days themselves, without the substitute days an
 * employee may get when one falls on a weekend.
 */
export function irishPublicHolidays(year: number): Set<string> {
  let days = holidayYears.get(year);
  if (days) return days;
  const iso = (month: number, day: number) =>
    `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const weekdayOf = (month: number, day: number) =>
    new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const firstMonday = (month: number) => 1 + ((8 - weekdayOf(month, 1)) % 7);
  const lastMonday = (month: number) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return last - ((weekdayOf(month, last) + 6) % 7);
  };
  const list = [
    iso(1, 1),
    iso(3, 17),
    addDays(easterSunday(year), 1),
    iso(5, firstMonday(5)),
    iso(6, firstMonday(6)),
    iso(8, firstMonday(8)),
    iso(10, lastMonday(10)),
    iso(12, 25),
    iso(12, 26),
  ];
  // St Brigid's Day (from 2023): the first Monday in February, or 1 February if a Friday.
  if (year >= 2023) list.push(weekdayOf(2, 1) === 5 ? iso(2, 1) : iso(2, firstMonday(2)));
  days = new Set(list);
  holidayYears.set(year, days);
  return days;
}

/** Easter Sunday in the Gregorian calendar (the "anonymous Gregorian" algorithm). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
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
  // A letter writes a handful of dates (today, the due dates, the wording's), the same for
  // everyone on a given day: formatToParts is costly, so each is written once.
  const key = `${iso}|${dateLocale}|${firstDay ?? ''}`;
  let written = writtenDates.get(key);
  if (written === undefined) {
    const date = new Date(`${iso}T12:00:00Z`);
    written = longDateFormat(dateLocale)
      .formatToParts(date)
      .map((p) => (p.type === 'day' && p.value === '1' && firstDay ? firstDay : p.value))
      .join('');
    // Bounded: dates people type (an earlier objection, an answer) vary without limit.
    if (writtenDates.size >= 10_000) writtenDates.clear();
    writtenDates.set(key, written);
  }
  return written;
}
const writtenDates = new Map<string, string>();

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
