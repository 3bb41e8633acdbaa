import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { letterLanguages } from '../server/letters/request.js';
import { projectRoot } from '../server/paths.js';

type Json = { [key: string]: Json } | string;

const read = (...parts: string[]) => JSON.parse(readFileSync(join(projectRoot, ...parts), 'utf8'));
const languages = readdirSync(join(projectRoot, 'locales'));
const namespaces = ['letter', 'ui'];

/** Every leaf as [dotted key, value], without the _meta block (it describes the file). */
function leaves(node: Json, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  return Object.entries(node)
    .filter(([key]) => !(prefix === '' && key === '_meta'))
    .flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}
/** i18next plural forms (_one, _other, ...) are one key for comparing languages. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (value: string) =>
  [...value.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Values that are rightly the same in English and another language: names and brands. */
const sameAsEnglish: Record<string, string> = {
  'ui:services.facebook': 'brand',
  'ui:services.instagram': 'brand',
  'ui:services.whatsapp': 'brand',
  'ui:services.messenger': 'brand',
  'ui:services.threads': 'brand',
  'letter:signatureLabel': 'the same word in French',
  'ui:fields.services.label': 'the same word in French',
  'letter:regulation': 'the official abbreviation, from terms.json (GDPR in several languages)',
  'letter:placeAndDate':
    'a place and a date, "{{place}}, {{date}}", is the convention in many languages',
  'letter:formText.groundSeparator': 'the semicolon separates list items in many languages',
};

describe('locales', () => {
  it('offers a locale folder for every letter language', () => {
    for (const lng of letterLanguages) expect(languages).toContain(lng);
  });

  for (const lng of languages.filter((l) => l !== 'en')) {
    for (const ns of namespaces) {
      it(`${lng}/${ns}.json has exactly the keys and placeholders of English`, () => {
        const en = new Map(
          leaves(read('locales', 'en', `${ns}.json`)).map(([k, v]) => [baseKey(k), v]),
        );
        const other = new Map(
          leaves(read('locales', lng, `${ns}.json`)).map(([k, v]) => [baseKey(k), v]),
        );
        expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
        for (const [key, value] of other) {
          expect(placeholders(value), `${lng}/${ns}:${key}`).toEqual(
            placeholders(en.get(key) ?? ''),
          );
          expect(value.trim(), `${lng}/${ns}:${key} is empty`).not.toBe('');
          if (!(`${ns}:${key}` in sameAsEnglish)) {
            expect(value, `${lng}/${ns}:${key} is still English`).not.toBe(en.get(key));
          }
        }
      });
    }

    it(`${lng} records who wrote and who checked it`, () => {
      for (const ns of namespaces) {
        const meta = read('locales', lng, `${ns}.json`)._meta;
        expect(meta.writtenBy).toBeTruthy();
        expect(meta.checkedBy).toBeTruthy();
      }
    });
  }
});

describe('official GDPR terms', () => {
  const terms = read('legal', 'terms.json') as {
    languages: Record<
      string,
      { articles: Record<string, string>; regulation: { abbreviation: string } }
    >;
  };

  it('legal/terms.json is the legal brief’s copy, when the brief is beside the repo', () => {
    const shared = join(projectRoot, '..', 'shared', 'legal', 'terms.json');
    if (!existsSync(shared)) return;
    expect(read('legal', 'terms.json')).toEqual(JSON.parse(readFileSync(shared, 'utf8')));
  });

  for (const lng of letterLanguages) {
    it(`${lng} letters use the official article titles and abbreviation`, () => {
      const letter = read('locales', lng, 'letter.json');
      const official = terms.languages[lng];
      expect(official).toBeDefined();
      for (const [article, title] of Object.entries(official?.articles ?? {})) {
        expect(letter.articleTitles[article], `article ${article}`).toBe(title);
      }
      expect(letter.regulation).toBe(official?.regulation.abbreviation);
    });
  }
});
