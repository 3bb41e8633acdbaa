import { describe, expect, it } from 'vitest';
import {
  addMonths,
  answerPeriodEnd,
  calendarDate,
  formatLongDate,
  irishPublicHolidays,
  nextWorkingDay,
} from '../../server/letters/dates.js';

describe('addMonths (Regulation 1182/71, Art. 3(2)(c))', () => {
  it.each([
    ['2026-11-29', '2026-12-29'],
    ['2026-12-15', '2027-01-15'],
    ['2026-01-31', '2026-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2026-03-31', '2026-04-30'],
    ['2026-08-31', '2026-09-30'],
    ['2026-12-31', '2027-01-31'],
  ])('one month from %s ends on %s', (start, end) => {
    expect(addMonths(start, 1)).toBe(end);
  });
});

describe('calendarDate', () => {
  it('takes the day in the given time zone, not UTC', () => {
    expect(calendarDate(new Date('2026-11-29T23:30:00Z'), 'Europe/Brussels')).toBe('2026-11-30');
    expect(calendarDate(new Date('2026-11-29T23:30:00Z'), 'Europe/Dublin')).toBe('2026-11-29');
  });
});

describe('formatLongDate', () => {
  it('writes dates as each language does', () => {
    expect(formatLongDate('2026-11-29', 'en-IE')).toBe('29 November 2026');
    expect(formatLongDate('2026-11-29', 'fr-FR')).toBe('29 novembre 2026');
    expect(formatLongDate('2026-12-01', 'fr-FR', '1er')).toBe('1er décembre 2026');
  });
});

describe('the end of the period of Art. 12(3) (Regulation 1182/71, Art. 3(4))', () => {
  it.each([
    // received, period ends (a working day in Ireland)
    ['2026-10-06', '2026-11-06'], // a Friday
    ['2025-10-08', '2025-11-10'], // 8 November 2025 is a Saturday
    ['2026-10-04', '2026-11-04'],
    ['2026-09-26', '2026-10-27'], // 26 October 2026: October bank holiday (last Monday)
    ['2026-11-25', '2026-12-28'], // 25, 26 (holidays) and 27 December (Sunday): the 28th, a Monday
    ['2027-02-28', '2027-03-30'], // 28 March 2027 is Easter Sunday, the 29th Easter Monday
    ['2025-12-25', '2026-01-26'], // 25 January 2026 is a Sunday
  ])('received %s: ends %s', (received, end) => {
    expect(answerPeriodEnd(received)).toBe(end);
  });

  it('knows Ireland’s public holidays', () => {
    expect([...irishPublicHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-02-02', // St Brigid's Day: first Monday in February
      '2026-03-17',
      '2026-04-06', // Easter Monday
      '2026-05-04',
      '2026-06-01',
      '2026-08-03',
      '2026-10-26',
      '2026-12-25',
      '2026-12-26',
    ]);
    // 1 February 2030 is a Friday: St Brigid's Day is that day.
    expect(irishPublicHolidays(2030).has('2030-02-01')).toBe(true);
    expect(irishPublicHolidays(2025).has('2025-04-21')).toBe(true); // Easter Monday 2025
    expect(nextWorkingDay('2026-12-25')).toBe('2026-12-28');
  });
});
