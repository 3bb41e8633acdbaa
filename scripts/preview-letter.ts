/**
 * Prints the letters of one language as plain text, checks them the way the tests do, and
 * writes the PDF beside them: for translators adding or changing a language.
 *
 *   npx tsx scripts/preview-letter.ts de [combined|objection|erasure|reminder|complaint] [out.pdf]
 *
 * A reminder or a complaint follows a first letter of 2 October 2025 to which Meta answered
 * on 20 November 2025, not in full; the complaint goes to the Polish authority.
 *
 * Works for a locale folder even before its code is added to `letterLanguages`.
 */
import { writeFileSync } from 'node:fs';
import { loadLocalisation } from '../server/i18n.js';
import { formTextLimit } from '../server/letters/compose.js';
import {
  type LetterKind,
  type LetterRequest,
  letterRequestSchema,
} from '../server/letters/request.js';
import { createLetterService } from '../server/letters/service.js';
import { projectRoot } from '../server/paths.js';

const [lng = 'en', kind = 'combined', out] = process.argv.slice(2);
const { i18n, languages } = await loadLocalisation(projectRoot);
if (!languages.includes(lng)) throw new Error(`no locales/${lng}`);
const service = createLetterService(projectRoot, i18n, 'Europe/Brussels');
const titles = i18n.getResource(lng, 'letter', 'articleTitles') as Record<string, string>;

const base = letterRequestSchema.parse({
  kind,
  services: ['facebook', 'instagram', 'messenger', 'threads', 'whatsapp'],
  name: 'Łukasz Żółć-Ελένη Дмитрий',
  street: 'Marszałkowska 12/4',
  postcode: '00-950',
  city: 'Warszawa',
  country: 'PL',
  email: 'lukasz@example.pl',
  facebook: `https://www.facebook.com/${'a'.repeat(150)}`,
  instagram: 'lukasz_zolc',
  messenger: '+48 600 123 456',
  threads: 'lukasz_zolc',
  whatsapp: '+48600123456',
  originalDate: '2025-10-02',
  originalReference: 'K7M2-Q9XD',
  receivedOn: '2025-10-06',
  answer: 'insufficient',
  answerDate: '2025-11-20',
  answerSummary: 'Meta only sent a link to its privacy policy.',
  reminderDate: '2025-12-01',
  authority: 'pl',
  grounds: ['creativeWork', 'otherPeople', 'sensitiveContent', 'imitation', 'oldContent'],
  ownGrounds: 'Own words. '.repeat(150),
  objectedBefore: true,
  objectedOn: '2025-05-01',
});
// The schema only accepts languages already offered; a new locale is tried by setting it here.
const request: LetterRequest = {
  ...base,
  kind: kind as LetterKind,
  language: lng as LetterRequest['language'],
};
const set = service.compose(request, new Date('2026-01-31T10:00:00Z'));
const problems: string[] = [];
for (const letter of set.letters) {
  const text = [
    letter.subject,
    ...letter.body.map((b) => (b.type === 'list' ? b.items.join('\n') : b.text)),
  ].join('\n');
  for (const title of Object.values(titles)) {
    const cited = text.includes(`(${title})`);
    if (!cited) console.log(`  (title not in this ${letter.controller.id} letter: ${title})`);
  }
  if (letter.formText.length >= formTextLimit)
    problems.push(`${letter.controller.id} form text is ${letter.formText.length} characters`);
}
console.log(service.renderText(set));
for (const letter of set.letters)
  console.log(`\n[form text, ${letter.formText.length} characters]\n${letter.formText}`);
if (out) writeFileSync(out, await service.renderPdf(set, request));
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
