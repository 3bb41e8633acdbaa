import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import { formatLongDate } from '../../server/letters/dates.js';
import { createPdfRenderer } from '../../server/letters/pdf.js';
import { letterLanguages, letterRequestSchema } from '../../server/letters/request.js';
import { createLetterService, type LetterService } from '../../server/letters/service.js';
import { projectRoot } from '../../server/paths.js';
import { flatten, fullRequest, pdfPages, testNow } from '../helper.js';

let service: LetterService;
let i18n: Awaited<ReturnType<typeof loadLocalisation>>['i18n'];
beforeAll(async () => {
  ({ i18n } = await loadLocalisation(projectRoot));
  service = createLetterService(projectRoot, i18n, 'Europe/Brussels');
});

function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (node && typeof node === 'object') return Object.values(node).flatMap(strings);
  return [];
}

describe('every letter language', () => {
  it('offers all 24 official EU languages, Norwegian and Icelandic', () => {
    expect(letterLanguages).toHaveLength(26);
  });

  it.each(letterLanguages)(
    '%s: the embedded font can draw every character of its letters',
    (lng) => {
      const pdf = createPdfRenderer();
      const text = strings(i18n.getResourceBundle(lng, 'letter')).join('\n');
      expect(pdf.missingGlyphs(text)).toEqual([]);
    },
  );

  it.each(letterLanguages)(
    '%s: dates follow the language, and one month after 31 January is the end of February',
    (lng) => {
      const meta = i18n.getResource(lng, 'letter', '_meta') as {
        dateLocale: string;
        firstDayOfMonth?: string;
      };
      expect(meta.dateLocale.split('-')[0]).toBe(lng === 'nb' ? 'nb' : lng);
      const request = letterRequestSchema.parse(fullRequest({ language: lng }));
      const [letter] = service.compose(request, new Date('2028-01-31T12:00:00Z')).letters;
      expect(letter?.date).toBe('2028-01-31');
      expect(letter?.dueDate).toBe('2028-02-29');
      const due = formatLongDate('2028-02-29', meta.dateLocale, meta.firstDayOfMonth);
      expect(due).toMatch(/29/);
      expect(due).toMatch(/2028/);
      expect(letter?.dueDateNote).toContain(due);
    },
  );
});

describe('bilingual letters', () => {
  it('follow each letter with its English courtesy translation; the original stays authoritative', async () => {
    const request = letterRequestSchema.parse(
      fullRequest({ language: 'pl', bilingual: true, services: ['instagram', 'whatsapp'] }),
    );
    const set = service.compose(request, testNow);
    for (const letter of set.letters) {
      expect(letter.language).toBe('pl');
      const translation = letter.courtesyTranslation;
      expect(translation?.language).toBe('en');
      expect(translation?.body[0]).toEqual({
        type: 'notice',
        text: 'This is a courtesy translation of the letter above, which is written in Polish. Only the Polish version is authoritative.',
      });
      expect(letter.body.map((b) => ('text' in b ? b.text : '')).join(' ')).toContain('polski');
    }
    const pages = await pdfPages(await service.renderPdf(set, request));
    const text = flatten(pages.join(' '));
    expect(text).toContain('This is a courtesy translation of the letter above');
    expect(text).toContain('Right to object');
    expect(text).toContain('Prawo do sprzeciwu');
    // Original, then its translation, then the next controller's original.
    const order = pages
      .map((p) => (p.includes('Szanowni') ? 'pl' : p.includes('Dear Sir or Madam') ? 'en' : ''))
      .filter(Boolean);
    expect(order).toEqual(['pl', 'en', 'pl', 'en']);
  });

  it('is ignored for letters written in English', () => {
    const request = letterRequestSchema.parse(fullRequest({ language: 'en', bilingual: true }));
    expect(
      service.compose(request, testNow).letters.every((l) => l.courtesyTranslation === undefined),
    ).toBe(true);
  });
});
