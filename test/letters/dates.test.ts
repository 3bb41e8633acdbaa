import { describe, expect, it } from 'vitest';
import { addMonths, calendarDate, formatLongDate } from '../../server/letters/dates.js';

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
