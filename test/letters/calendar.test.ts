import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import { escapeText, fold } from '../../server/letters/calendar.js';
import { letterLanguages, letterRequestSchema } from '../../server/letters/request.js';
import { createLetterService, type LetterService } from '../../server/letters/service.js';
import { projectRoot } from '../../server/paths.js';
import { fullRequest, testNow } from '../helper.js';

/** The deadline kit, read back by an independent parser (Mozilla's ical.js). */

let service: LetterService;
beforeAll(async () => {
  const { i18n } = await loadLocalisation(projectRoot);
  service = createLetterService(projectRoot, i18n, 'Europe/Brussels', {
    publicUrl: 'https://letters.example.org/',
  });
});

function calendarOf(overrides: Parameters<typeof fullRequest>[0] = {}, now = testNow) {
  const request = letterRequestSchema.parse(fullRequest(overrides));
  const set = service.compose(request, now);
  const ics = service.renderCalendar(set);
  const events = new ICAL.Component(ICAL.parse(ics))
    .getAllSubcomponents('vevent')
    .map((c) => new ICAL.Event(c));
  return { set, ics, events };
}

describe('calendar file (.ics)', () => {
  it('parses, with an all-day event on the due date and one at the end of a possible extension', () => {
    const { events, set } = calendarOf({ services: ['instagram'] });
    expect(events).toHaveLength(2);
    const [due, extension] = events as [ICAL.Event, ICAL.Event];
    expect(due.startDate.isDate).toBe(true);
    expect(due.startDate.toString()).toBe('2026-12-29');
    expect(due.endDate.toString()).toBe('2026-12-30');
    expect(extension.startDate.toString()).toBe('2027-02-28');
    const letter = set.letters[0];
    expect(due.summary).toBe('Answer due from Meta Platforms Ireland Limited to my GDPR letter');
    expect(due.description).toBe(letter?.calendar[0]?.description);
    expect(due.description).toContain('29 November 2026');
    expect(due.description).toContain(letter?.reference);
    expect(due.description).toContain('two further months');
    expect(due.description).toContain('https://letters.example.org/?kind=reminder');
    expect(extension.description).toContain('28 February 2027');
    expect(due.uid).not.toBe(extension.uid);
    expect(due.component.getFirstPropertyValue('url')).toBe(letter?.nextStep);
    // A reminder at 09:00 on the day, in the calendar's own time zone.
    const alarm = due.component.getFirstSubcomponent('valarm');
    expect(alarm?.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(String(alarm?.getFirstPropertyValue('trigger'))).toBe('PT9H');
  });

  it('keeps the right day across month ends (Reg. 1182/71) and time zones', () => {
    const cases: [string, string, string][] = [
      // now (UTC), due date, end of the extension
      ['2027-01-31T10:00:00Z', '2027-02-28', '2027-04-30'],
      ['2028-01-31T10:00:00Z', '2028-02-29', '2028-04-30'],
      ['2026-03-31T10:00:00Z', '2026-04-30', '2026-06-30'],
      ['2026-12-31T10:00:00Z', '2027-01-31', '2027-03-31'],
      // 23:30 UTC on 30 January is already 31 January in Brussels.
      ['2027-01-30T23:30:00Z', '2027-02-28', '2027-04-30'],
      // 22:30 UTC on 31 March 2026 is 00:30 on 1 April in Brussels (summer time).
      ['2026-03-31T22:30:00Z', '2026-05-01', '2026-07-01'],
    ];
    for (const [now, due, extended] of cases) {
      const { events } = calendarOf({ services: ['whatsapp'] }, new Date(now));
      expect(
        events.map((e) => e.startDate.toString()),
        now,
      ).toEqual([due, extended]);
      // The same all-day dates wherever the calendar is: floating dates carry no time zone.
      expect(events[0]?.startDate.zone?.tzid ?? 'floating').toBe('floating');
    }
  });

  it('one pair of events per letter, each naming its controller; a reminder has one event', () => {
    const { events } = calendarOf();
    expect(events.map((e) => e.summary)).toEqual([
      'Answer due from Meta Platforms Ireland Limited to my GDPR letter',
      'End of the extended period for the answer from Meta Platforms Ireland Limited (only if it told me of an extension)',
      'Answer due from WhatsApp Ireland Limited to my GDPR letter',
      'End of the extended period for the answer from WhatsApp Ireland Limited (only if it told me of an extension)',
    ]);
    const reminder = calendarOf({
      kind: 'reminder',
      originalDate: '2026-10-02',
      services: ['facebook'],
    });
    expect(reminder.events.map((e) => e.startDate.toString())).toEqual(['2026-12-13']);
    expect(reminder.events[0]?.description).toContain('kind=complaint');
  });

  it('is valid in every language: folded lines of at most 75 octets, CRLF, text round-trips', () => {
    for (const language of letterLanguages) {
      const { ics, events, set } = calendarOf({ language });
      expect(ics.endsWith('\r\n')).toBe(true);
      for (const line of ics.split('\r\n'))
        expect(Buffer.byteLength(line), `${language}: ${line}`).toBeLessThanOrEqual(75);
      const written = set.letters.flatMap((l) => l.calendar);
      expect(events.map((e) => e.summary)).toEqual(written.map((e) => e.summary));
      expect(events.map((e) => e.description)).toEqual(written.map((e) => e.description));
      for (const event of events)
        expect(event.component.getFirstProperty('summary')?.getParameter('language')).toBe(
          language,
        );
    }
  });

  it('is the same file for the same letters on the same day', () => {
    expect(calendarOf().ics).toBe(calendarOf().ics);
  });

  it('escapes TEXT values and never folds inside a character', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const line = `DESCRIPTION:${'Ελένη '.repeat(30)}`;
    const folded = fold(line);
    for (const part of folded.split('\r\n'))
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replaceAll('\r\n ', '')).toBe(line);
  });
});
