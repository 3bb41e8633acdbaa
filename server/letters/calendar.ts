import { addDays } from './dates.js';
import type { Letter, LetterSet } from './letter.js';

/**
 * The deadline kit: a letter set's due dates as an iCalendar file (RFC 5545) that common
 * calendar apps import. Events are all-day (VALUE=DATE), so no time zone can move them to
 * another day; each has a reminder at 09:00 on the day, in the calendar's own time zone.
 * The file is a pure function of the letters: same letters, same bytes (UIDs come from the
 * letters' references, DTSTAMP from their date), and nothing is kept.
 */

const productId = '-//GDPR letters about Meta AI training//Deadline kit//EN';

export function renderCalendar(set: LetterSet): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${productId}`, 'CALSCALE:GREGORIAN'];
  lines.push('METHOD:PUBLISH');
  for (const letter of set.letters) lines.push(...events(letter));
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

function events(letter: Letter): string[] {
  return letter.calendar.flatMap((event, index) => [
    'BEGIN:VEVENT',
    `UID:${letter.reference}-${index + 1}@gdpr-letters`,
    `DTSTAMP:${compact(letter.date)}T000000Z`,
    `DTSTART;VALUE=DATE:${compact(event.date)}`,
    `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
    `SUMMARY;LANGUAGE=${letter.language}:${escapeText(event.summary)}`,
    `DESCRIPTION;LANGUAGE=${letter.language}:${escapeText(event.description)}`,
    ...(letter.nextStep ? [`URL:${letter.nextStep}`] : []),
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(event.summary)}`,
    'TRIGGER:PT9H',
    'END:VALARM',
    'END:VEVENT',
  ]);
}

const compact = (iso: string) => iso.replaceAll('-', '');

/** TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/**
 * Content lines longer than 75 octets are folded (RFC 5545 §3.1): a line break and a space,
 * never inside a UTF-8 sequence, so "Łukasz" or "Ελένη" survive any calendar app.
 */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // continuation lines start with a space
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
