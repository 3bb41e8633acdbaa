import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import { formatLongDate } from '../../server/letters/dates.js';
import { lineBreakMemory, sharedLayoutKeys } from '../../server/letters/pdf.js';
import {
  firstLetterKinds,
  type LetterKind,
  letterLanguages,
  letterRequestSchema,
  type Service,
} from '../../server/letters/request.js';
import { createLetterService, type LetterService } from '../../server/letters/service.js';
import { projectRoot } from '../../server/paths.js';
import { flatten, fullRequest, pdfFonts, pdfMetadata, pdfPages, testNow } from '../helper.js';

let service: LetterService;
let i18n: Awaited<ReturnType<typeof loadLocalisation>>['i18n'];
const terms = JSON.parse(readFileSync(join(projectRoot, 'legal', 'terms.json'), 'utf8')) as {
  languages: Record<string, { articles: Record<string, string> }>;
};
beforeAll(async () => {
  ({ i18n } = await loadLocalisation(projectRoot));
  service = createLetterService(projectRoot, i18n, 'Europe/Brussels');
});

async function makePdf(overrides: Parameters<typeof fullRequest>[0] = {}) {
  const request = letterRequestSchema.parse(fullRequest(overrides));
  const set = service.compose(request, testNow);
  const bytes = await service.renderPdf(set, request);
  return { request, set, bytes, pages: await pdfPages(bytes) };
}

/** The pages of each letter in a multi-letter PDF, found by the footer that numbers them. */
function letterOfPage(page: string): string | undefined {
  return page.match(/(Meta Platforms Ireland Limited|WhatsApp Ireland Limited) · \d+\/\d+/)?.[1];
}

describe('PDF letters, read back with pdf.js', () => {
  const expected = {
    en: {
      due: '29 December 2026',
      article21: 'Article 21(1) GDPR (Right to object)',
      date: 'Warszawa, 29 November 2026',
    },
    fr: {
      due: '29 décembre 2026',
      article21: "article 21, paragraphe 1, du RGPD (Droit d'opposition)",
      date: 'Warszawa, le 29 novembre 2026',
    },
  } as const;

  for (const language of letterLanguages) {
    for (const kind of firstLetterKinds) {
      it(`${language} ${kind}: every letter is in the PDF with sender, recipient, articles and due date`, async () => {
        const { pages, bytes } = await makePdf({ language, kind });
        const text = flatten(pages.join('\n'));
        expect(text).toContain('Łukasz Żółć');
        expect(text).toContain('ul. Marszałkowska 12/4');
        expect(text).toContain('00-950 Warszawa');
        expect(text).toContain('lukasz.zolc@example.pl');
        expect(text).toContain('Meta Platforms Ireland Limited');
        expect(text).toContain('WhatsApp Ireland Limited');
        expect(text).toContain('Merrion Road');
        expect(text).toContain('D04 X2K5');
        // The letter's date and due date, written as the language writes dates.
        const meta = i18n.getResource(language, 'letter', '_meta') as {
          dateLocale: string;
          firstDayOfMonth?: string;
        };
        expect(text).toContain(
          flatten(formatLongDate('2026-11-29', meta.dateLocale, meta.firstDayOfMonth)),
        );
        expect(text).toContain(
          flatten(formatLongDate('2026-12-29', meta.dateLocale, meta.firstDayOfMonth)),
        );
        // The official titles of Arts 21 and 17, exactly as terms.json gives them (up to any
        // parenthesis of their own, where a line break may fall).
        const official = terms.languages[language]?.articles ?? {};
        const titleStart = (title = '') => flatten(title.split('(')[0] ?? '');
        expect(titleStart(official['21']).length).toBeGreaterThan(3);
        expect(text).toContain(titleStart(official['21']));
        if (kind !== 'objection') expect(text).toContain(titleStart(official['17']));
        if (language in expected) {
          const e = expected[language as keyof typeof expected];
          expect(text).toContain(e.date);
          expect(text).toContain(e.due);
          expect(text).toContain(e.article21);
        }

        // Each letter starts on a new page: no page holds parts of two letters.
        const owners = pages.map(letterOfPage);
        expect(owners.every(Boolean)).toBe(true);
        expect(owners.indexOf('WhatsApp Ireland Limited')).toBeGreaterThan(0);
        expect(
          owners
            .slice(owners.indexOf('WhatsApp Ireland Limited'))
            .every((o) => o === 'WhatsApp Ireland Limited'),
        ).toBe(true);
        expect(pages[owners.indexOf('WhatsApp Ireland Limited')]).toMatch(/^Łukasz Żółć/);

        // Every font is embedded: no reliance on the reader's fonts.
        const fonts = await pdfFonts(bytes);
        expect(fonts.length).toBeGreaterThan(0);
        for (const font of fonts)
          expect(font, font.name).toEqual({ name: font.name, embedded: true });
      });
    }
  }

  it('sets the document title, author and language', async () => {
    const { bytes } = await makePdf({ language: 'fr', services: ['instagram'] as Service[] });
    const meta = await pdfMetadata(bytes);
    expect(meta.info.Title).toBe('Courrier RGPD à Meta Platforms Ireland Limited');
    expect(meta.info.Author).toBe('Łukasz Żółć');
    expect(meta.lang).toContain('fr');
  });

  it('prints Greek and Cyrillic names with the real characters', async () => {
    for (const name of ['Ελένη Παπαδοπούλου', 'Дмитрий Иванов', 'Zoë Ørsted-Ñúñez']) {
      const { pages } = await makePdf({
        name,
        kind: 'objection' as LetterKind,
        services: ['facebook'],
      });
      expect(flatten(pages.join(' '))).toContain(name);
    }
  });

  it('extracts every letter right after earlier letters shared the font (Ż is drawn from Z)', async () => {
    await makePdf({ name: 'Łukasz Żółć' });
    const { pages } = await makePdf({ name: 'Zoë Zawadzka', city: 'Zakopane' });
    expect(flatten(pages.join(' '))).toContain('Zoë Zawadzka');
    expect(flatten(pages.join(' '))).toContain('00-950 Zakopane');
  });

  it('keeps the person’s own words, line breaks and all', async () => {
    const { pages } = await makePdf({
      ownGrounds: 'First line.\nSecond line with “quotes” & <brackets>.',
    });
    const text = pages.join('\n');
    expect(text).toContain('First line.');
    expect(text).toContain('Second line with “quotes” & <brackets>.');
  });
});

describe('the layout caches every letter shares', () => {
  it('keep none of what a person typed, and the letter prints all of it', async () => {
    // Words of no language, so that no other letter could have put them in the caches.
    const typed = {
      name: 'Qzxywąłęńska Vrblthorp-Ńgwędź',
      street: 'ul. Żyrwąska 77/9',
      city: 'Kwzrnice',
      place: 'Pstrzyłów',
      email: 'qzxy.vrbl@example.eu',
      facebook: 'https://www.facebook.com/qzxyvrbl',
      instagram: 'qzxy_vrbl',
      ownGrounds: 'Mój pies Brzęczyszczykiewicz (Grzmtrąb) śpiewa.',
    };
    const { pages } = await makePdf({ ...typed, language: 'pl', bilingual: true });
    const text = flatten(pages.join(' '));
    for (const word of [
      'Qzxywąłęńska',
      'Kwzrnice',
      'Pstrzyłów',
      'Brzęczyszczykiewicz',
      'qzxy_vrbl',
    ])
      expect(text).toContain(word);
    const keys = sharedLayoutKeys();
    // The caches are in use: the letters' own words are in them.
    expect(keys.some((k) => k.startsWith('Sprzeciw'))).toBe(true);
    for (const word of [
      'Qzxywąłęńska',
      'Vrblthorp',
      'Ńgwędź',
      'Żyrwąska',
      'Kwzrnice',
      'Pstrzyłów',
      'qzxy',
      'Brzęczyszczykiewicz',
      'Grzmtrąb',
    ])
      expect(keys.filter((k) => k.includes(word))).toEqual([]);
  });
});

describe('line breaks remembered from earlier letters', () => {
  it('give the very bytes of breaking every line again, in every language', async () => {
    const long = 'Überwachungsdatenverarbeitungsgrundsätzeüberprüfungsverfahren '.repeat(3);
    for (const language of letterLanguages) {
      const request = letterRequestSchema.parse(
        fullRequest({
          language,
          bilingual: language === 'de' || language === 'el',
          ownGrounds: `${long}\nhttps://example.org/${'a'.repeat(120)}`,
        }),
      );
      const set = service.compose(request, testNow);
      lineBreakMemory.enabled = false;
      const fresh = await service.renderPdf(set, request);
      lineBreakMemory.enabled = true;
      const first = await service.renderPdf(set, request);
      const replayed = await service.renderPdf(set, request);
      expect(first.equals(fresh), language).toBe(true);
      expect(replayed.equals(fresh), language).toBe(true);
    }
  });
});

describe('characters the font cannot draw', () => {
  it('are reported for the field, never drawn as boxes', () => {
    const result = service.validate(fullRequest({ name: 'Anna 🌸 李' }));
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues).toEqual([
        { field: 'name', code: 'unsupportedCharacters', params: { characters: '🌸 李' } },
      ]);
  });
});
