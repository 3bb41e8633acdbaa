import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import type { Letter } from '../../server/letters/letter.js';
import { letterSetSchema } from '../../server/letters/letter.js';
import {
  firstLetterKinds,
  type LetterRequest,
  letterLanguages,
  letterRequestSchema,
  type Service,
} from '../../server/letters/request.js';
import { createLetterService, type LetterService } from '../../server/letters/service.js';
import { projectRoot } from '../../server/paths.js';
import { fullRequest, testNow } from '../helper.js';

let service: LetterService;
let titles: Record<string, Record<string, string>>;
let formTexts: Record<string, Record<string, string>>;
beforeAll(async () => {
  const { i18n } = await loadLocalisation(projectRoot);
  service = createLetterService(projectRoot, i18n, 'Europe/Brussels');
  formTexts = Object.fromEntries(
    letterLanguages.map((l) => [
      l,
      i18n.getResource(l, 'letter', 'formText') as Record<string, string>,
    ]),
  );
  titles = Object.fromEntries(
    letterLanguages.map((l) => [
      l,
      i18n.getResource(l, 'letter', 'articleTitles') as Record<string, string>,
    ]),
  );
});

const serviceCombinations: Service[][] = [
  ['facebook'],
  ['instagram'],
  ['whatsapp'],
  ['facebook', 'instagram'],
  ['facebook', 'whatsapp'],
  ['instagram', 'whatsapp'],
  ['facebook', 'instagram', 'whatsapp'],
  ['messenger'],
  ['threads'],
  ['facebook', 'instagram', 'messenger', 'threads', 'whatsapp'],
];
/** Meta's online forms: Messenger accounts use Facebook's, Threads profiles Instagram's. */
const formFor: Record<Service, Service> = {
  facebook: 'facebook',
  messenger: 'facebook',
  instagram: 'instagram',
  threads: 'instagram',
  whatsapp: 'whatsapp',
};

const parse = (overrides: Parameters<typeof fullRequest>[0] = {}): LetterRequest =>
  letterRequestSchema.parse(fullRequest(overrides));

const fullText = (letter: Letter) =>
  [
    letter.subject,
    ...letter.body.map((b) => (b.type === 'list' ? b.items.join('\n') : b.text)),
  ].join('\n');

/** The articles a letter cites ("Article 21(1) GDPR", "l'article 21, paragraphe 1, du RGPD"). */
const citedArticles = (text: string): Set<string> =>
  new Set([...text.matchAll(/\b[Aa]rticles? (\d+)/g)].map((m) => m[1] ?? ''));

describe('composeLetters: every first letter × services × language', () => {
  for (const language of letterLanguages) {
    for (const kind of firstLetterKinds) {
      for (const services of serviceCombinations) {
        it(`${language} ${kind} ${services.join('+')}`, () => {
          const request = parse({ language, kind, services });
          const set = service.compose(request, testNow);
          expect(letterSetSchema.parse(set)).toEqual(set);

          // Facebook and Instagram share one letter to Meta; WhatsApp has its own.
          const expected = [
            ...(services.some((s) => s !== 'whatsapp') ? ['Meta Platforms Ireland Limited'] : []),
            ...(services.includes('whatsapp') ? ['WhatsApp Ireland Limited'] : []),
          ];
          expect(set.letters.map((l) => l.recipient.name)).toEqual(expected);

          for (const letter of set.letters) {
            const text = fullText(letter);
            expect(letter.language).toBe(language);
            expect(letter.recipient.lines.slice(0, 3)).toEqual([
              'Merrion Road',
              'Dublin 4',
              'D04 X2K5',
            ]);
            expect(letter.dueDate).toBe('2026-12-29');
            expect(letter.sender.name).toBe('Łukasz Żółć');

            // Every article the letter relies on is cited at least once with its official
            // title, in every language: which articles depends on the kind and the controller.
            const relied = new Set(['6', '12', '21', '77', '79', '80', '82']);
            if (kind !== 'erasure') relied.add('5');
            if (kind !== 'objection') for (const a of ['7', '17', '19']) relied.add(a);
            if (kind === 'combined') for (const a of ['13', '14', '15', '18']) relied.add(a);
            if (letter.controller.id === 'whatsapp') relied.add('26');
            for (const article of relied) {
              const title = titles[language]?.[article];
              expect(title, `article ${article} has an official title in ${language}`).toBeTruthy();
              expect(text, `article ${article} is cited with its title in ${language}`).toContain(
                `(${title})`,
              );
            }
            // Articles not relied on are not cited with a title either.
            for (const [article, title] of Object.entries(titles[language] ?? {})) {
              if (!relied.has(article) && article !== '9')
                expect(text, `article ${article}`).not.toContain(`(${title})`);
            }

            if (language === 'en' || language === 'fr') {
              // In English and French the citations themselves can be read back.
              for (const article of citedArticles(text)) {
                expect(text, `article ${article} is cited with its title`).toContain(
                  `(${titles[language]?.[article]})`,
                );
              }
            }

            // Only this controller's accounts are named in its letter.
            const mine = (s: Service) =>
              letter.controller.id === 'whatsapp' ? s === 'whatsapp' : s !== 'whatsapp';
            expect(text.includes('lukasz.zolc@example.pl')).toBe(true);
            expect(text.includes('https://www.facebook.com/lukasz.zolc')).toBe(
              services.includes('facebook') && mine('facebook'),
            );
            expect(text.includes('Instagram') && text.includes('@lukasz_zolc')).toBe(
              services.includes('instagram') && mine('instagram'),
            );
            expect(text.includes('+48600123457')).toBe(
              services.includes('messenger') && mine('messenger'),
            );
            expect(text.includes('@lukasz.threads')).toBe(
              services.includes('threads') && mine('threads'),
            );
            expect(text.includes('+48600123456')).toBe(
              services.includes('whatsapp') && mine('whatsapp'),
            );

            expect(letter.formText.length).toBeLessThan(1000);
            expect(letter.forms.map((f) => f.service)).toEqual(
              (['facebook', 'instagram', 'whatsapp'] as const).filter((form) =>
                services.some((s) => mine(s) && formFor[s] === form),
              ),
            );
          }
        });
      }
    }
  }
});

describe('letter content', () => {
  it('writes the concrete due date, one month after the letter, in the letter language', () => {
    const [en] = service.compose(parse(), testNow).letters;
    expect(fullText(en!)).toContain(
      'As this letter is dated 29 November 2026, I ask you to answer by 29 December 2026',
    );
    expect(en!.dueDateNote).toContain('Answer requested by 29 December 2026');
    const [fr] = service.compose(parse({ language: 'fr' }), testNow).letters;
    expect(fullText(fr!)).toContain('je vous prie de me répondre au plus tard le 29 décembre 2026');
    expect(fr!.placeAndDate).toBe('Warszawa, le 29 novembre 2026');
  });

  it('puts each picked ground and the person’s own words in the objection', () => {
    const [letter] = service.compose(
      parse({ grounds: ['otherPeople', 'oldContent'] }),
      testNow,
    ).letters;
    const text = fullText(letter!);
    expect(text).toContain('My photos, posts or profile pictures show my children or other people');
    expect(text).toContain(
      'Much of my data dates from years before any use for AI training was announced',
    );
    expect(text).not.toContain('I publish creative or professional work');
    expect(letter!.body).toContainEqual({
      type: 'quote',
      text: 'I earn my living as a photographer.',
    });
  });

  it('mentions an earlier objection, with its date when given', () => {
    const [dated] = service.compose(
      parse({ objectedBefore: true, objectedOn: '2025-05-20' }),
      testNow,
    ).letters;
    expect(fullText(dated!)).toContain('I already objected to this processing on 20 May 2025');
    const [undated] = service.compose(parse({ objectedBefore: true }), testNow).letters;
    expect(fullText(undated!)).toContain('I have already objected to this processing before');
    const [none] = service.compose(parse({ objectedOn: '2025-05-20' }), testNow).letters;
    expect(fullText(none!)).not.toContain('already objected');
  });

  it('erasure alone relies on Art. 17(1)(c) only with an objection: earlier, or made here on given grounds', () => {
    const bare = fullText(
      service.compose(parse({ kind: 'erasure', grounds: [], ownGrounds: '' }), testNow).letters[0]!,
    );
    expect(bare).not.toContain('Article 17(1)(c)');
    expect(bare).toContain('Article 17(1)(d)');
    const withGrounds = fullText(service.compose(parse({ kind: 'erasure' }), testNow).letters[0]!);
    expect(withGrounds).toContain(
      'Article 17(1)(c) GDPR: by this letter I also object under Article 21(1) GDPR (Right to object)',
    );
    expect(withGrounds).toContain('I publish creative or professional work');
    const after = fullText(
      service.compose(
        parse({ kind: 'erasure', objectedBefore: true, objectedOn: '2024-06-20' }),
        testNow,
      ).letters[0]!,
    );
    expect(after).toContain(
      'Article 17(1)(c) GDPR: I objected to the processing under Article 21(1) GDPR (Right to object) on 20 June 2024',
    );
  });

  it('never says the processing was ruled illegal', () => {
    for (const language of letterLanguages) {
      const text = service.compose(parse({ language }), testNow).letters.map(fullText).join('\n');
      expect(text).not.toMatch(/ruled|declared (un)?lawful|jugé illégal|déclaré illicite/i);
    }
  });

  it('keeps what a person typed literally, even when it looks like a template or a key', () => {
    const hostile = '{{name}} $t(subject.combined) <b>x</b> {{title.21}}';
    const request = parse({ name: hostile, ownGrounds: hostile, city: '{{dueDate}}' });
    const [letter] = service.compose(request, testNow).letters;
    expect(letter!.sender.name).toBe(hostile);
    expect(letter!.body).toContainEqual({
      type: 'list',
      items: expect.arrayContaining([`Name: ${hostile}`]),
    });
    expect(letter!.body).toContainEqual({ type: 'quote', text: hostile });
    expect(letter!.placeAndDate).toBe('{{dueDate}}, 29 November 2026');
  });

  it('keeps the form text under 1,000 characters with every ground and very long input', () => {
    for (const language of letterLanguages) {
      const request = parse({
        language,
        grounds: ['creativeWork', 'otherPeople', 'sensitiveContent', 'imitation', 'oldContent'],
        ownGrounds: 'Lorem ipsum dolor sit amet. '.repeat(70).slice(0, 2000),
        facebook: `https://www.facebook.com/${'a'.repeat(170)}`,
        objectedBefore: true,
        objectedOn: '2025-05-20',
      });
      for (const letter of service.compose(request, testNow).letters) {
        expect(letter.formText.length).toBeLessThan(1000);
        expect(letter.formText).not.toContain('….');
        // The essential sentence (the objection) comes first: the text starts with the
        // locale's objection sentence, up to its first placeholder.
        const objection = (formTexts[language]?.objection ?? '').split('{{')[0] ?? '';
        expect(objection.length).toBeGreaterThan(10);
        expect(letter.formText.startsWith(objection), `${language}: ${letter.formText}`).toBe(true);
      }
    }
  });

  it('writes the sender’s postcode and city as their country does', () => {
    const ie = service.compose(
      parse({ country: 'IE', postcode: 'D02 X285', city: 'Dublin 2' }),
      testNow,
    ).letters[0]!;
    expect(ie.sender.lines).toEqual(['ul. Marszałkowska 12/4', 'Dublin 2', 'D02 X285', 'Ireland']);
    const fr = service.compose(
      parse({ country: 'FR', postcode: '75001', city: 'Paris', language: 'fr' }),
      testNow,
    ).letters[0]!;
    expect(fr.sender.lines).toEqual(['ul. Marszałkowska 12/4', '75001 Paris', 'France']);
    expect(fr.recipient.lines.at(-1)).toBe('Irlande');
  });
});
