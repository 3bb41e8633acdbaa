import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import { authorityById } from '../../server/letters/authorities.js';
import { letterReference, wording } from '../../server/letters/compose.js';
import { addMonths, formatLongDate } from '../../server/letters/dates.js';
import { type Letter, letterSetSchema } from '../../server/letters/letter.js';
import {
  type FirstLetterKind,
  type LetterRequestInput,
  letterLanguages,
  letterRequestSchema,
} from '../../server/letters/request.js';
import { createLetterService, type LetterService } from '../../server/letters/service.js';
import { projectRoot } from '../../server/paths.js';
import { flatten, fullRequest, pdfPages, testNow } from '../helper.js';

/**
 * After the first letter: the reminder to the controller and the complaint to a supervisory
 * authority, in every language, to PDF and text; the reference that ties them together.
 */

let service: LetterService;
let i18n: Awaited<ReturnType<typeof loadLocalisation>>['i18n'];
beforeAll(async () => {
  ({ i18n } = await loadLocalisation(projectRoot));
  service = createLetterService(projectRoot, i18n, 'Europe/Brussels');
});

/** A first letter of 2 October 2026, received on 6 October, answered (not in full) on 20 November. */
const followUp = (overrides: Partial<LetterRequestInput> = {}): LetterRequestInput =>
  fullRequest({
    kind: 'reminder',
    originalKind: 'combined',
    originalDate: '2026-10-02',
    originalReference: 'K7M2-Q9XD',
    receivedOn: '2026-10-06',
    answer: 'insufficient',
    answerDate: '2026-11-20',
    answerSummary: 'Meta only sent me a link to its privacy policy.\nNothing about my data.',
    ...overrides,
  });

const parse = (input: LetterRequestInput) => letterRequestSchema.parse(input);
const bodyText = (letter: Letter) =>
  [
    letter.subject,
    ...letter.body.map((b) => (b.type === 'list' ? b.items.join('\n') : b.text)),
  ].join('\n');
const titlesOf = (lng: string) =>
  i18n.getResource(lng, 'letter', 'articleTitles') as Record<string, string>;
const longDate = (lng: string, iso: string) => {
  const meta = i18n.getResource(lng, 'letter', '_meta') as {
    dateLocale: string;
    firstDayOfMonth?: string;
  };
  return formatLongDate(iso, meta.dateLocale, meta.firstDayOfMonth);
};

/** The articles each first letter's requests rest on, as a reminder or a complaint recalls them. */
const requestArticles: Record<FirstLetterKind, string[]> = {
  combined: ['21', '18', '17', '15'],
  objection: ['21'],
  erasure: ['17'],
};

describe('reminder and complaint, every language', () => {
  for (const language of letterLanguages) {
    it(`${language} reminder: to each controller, citing the first letter, the expired period and the next step`, async () => {
      const request = parse(followUp({ language }));
      const set = service.compose(request, testNow);
      expect(letterSetSchema.parse(set)).toEqual(set);
      expect(set.letters.map((l) => l.recipient.name)).toEqual([
        'Meta Platforms Ireland Limited',
        'WhatsApp Ireland Limited',
      ]);
      for (const letter of set.letters) {
        const text = bodyText(letter);
        expect(letter.kind).toBe('reminder');
        expect(text).toContain(longDate(language, '2026-10-02'));
        expect(text).toContain('K7M2-Q9XD');
        // The period of Art. 12(3) ran from receipt: 6 October + one month.
        expect(text).toContain(longDate(language, '2026-11-06'));
        expect(text).toContain(longDate(language, '2026-11-20'));
        expect(text).toContain(
          'Meta only sent me a link to its privacy policy.\nNothing about my data.',
        );
        // Fourteen days from the reminder's date.
        expect(letter.dueDate).toBe('2026-12-13');
        expect(text).toContain(longDate(language, '2026-12-13'));
        const titles = titlesOf(language);
        for (const article of ['12', '77', ...requestArticles.combined])
          expect(text, `article ${article}`).toContain(`(${titles[article]})`);
        for (const article of ['5', '7', '13', '14', '19', '26', '79', '80', '82'])
          expect(text, `article ${article}`).not.toContain(`(${titles[article]})`);
        expect(letter.formText.length).toBeLessThan(1000);
        expect(letter.formText).toContain('K7M2-Q9XD');
        expect(letter.calendar).toHaveLength(1);
        expect(letter.calendar[0]?.date).toBe('2026-12-13');
        expect(letter.nextStep).toContain('kind=complaint');
      }
      const pdf = flatten((await pdfPages(await service.renderPdf(set, request))).join('\n'));
      expect(pdf).toContain('Łukasz Żółć');
      expect(pdf).toContain('WhatsApp Ireland Limited');
      expect(pdf).toContain('K7M2-Q9XD');
      expect(pdf).toContain(set.letters[0]?.reference);
      expect(pdf).toContain(flatten(set.letters[0]?.referenceLine ?? '-'));
      expect(service.renderText(set)).toContain(set.letters[0]?.subject);
    });

    // The complaint goes to the lead authority in half the languages, to a national one in the other.
    const national = letterLanguages.indexOf(language) % 2 === 1;
    const authorityId = national ? 'fr' : 'ie';
    it(`${language} complaint to ${authorityId}: facts, provisions, requests and attachments`, async () => {
      const request = parse(
        followUp({
          language,
          kind: 'complaint',
          authority: authorityId,
          reminderDate: '2026-11-25',
        }),
      );
      const set = service.compose(request, testNow);
      expect(letterSetSchema.parse(set)).toEqual(set);
      const authority = authorityById(authorityId);
      expect(set.letters.map((l) => l.recipient.name)).toEqual([authority.name, authority.name]);
      expect(set.letters.map((l) => l.controller.name)).toEqual([
        'Meta Platforms Ireland Limited',
        'WhatsApp Ireland Limited',
      ]);
      for (const letter of set.letters) {
        const text = bodyText(letter);
        expect(letter.recipient.lines.slice(0, -1)).toEqual(authority.addressLines);
        expect(letter.authority?.id).toBe(authorityId);
        expect(text).toContain(letter.controller.name);
        expect(text).toContain(longDate(language, '2026-10-02'));
        expect(text).toContain(longDate(language, '2026-11-25'));
        expect(text).toContain(longDate(language, '2026-11-20'));
        expect(text).toContain('Meta only sent me a link');
        const titles = titlesOf(language);
        for (const article of ['6', '12', '77', ...requestArticles.combined])
          expect(text, `article ${article}`).toContain(`(${titles[article]})`);
        for (const article of ['5', '7', '13', '14', '19', '26', '79', '80', '82'])
          expect(text, `article ${article}`).not.toContain(`(${titles[article]})`);
        // Four numbered parts: facts, provisions, requests, attachments.
        expect(letter.body.filter((b) => b.type === 'heading')).toHaveLength(4);
        const lists = letter.body.filter((b) => b.type === 'list');
        // The attachments: the letter, the proof, the reminder and the answer.
        expect(lists.at(-1)?.items).toHaveLength(4);
        expect(letter.dueDate).toBeUndefined();
        expect(letter.calendar).toEqual([]);
        expect(letter.nextStep).toBeUndefined();
        expect(letter.formText.length).toBeLessThan(1000);
      }
      const pdf = flatten((await pdfPages(await service.renderPdf(set, request))).join('\n'));
      expect(pdf).toContain('Łukasz Żółć');
      expect(pdf).toContain(flatten(authority.addressLines[0] ?? ''));
      expect(pdf).toContain('Meta Platforms Ireland Limited');
    });
  }
});

describe('what a reminder and a complaint say, by case', () => {
  it('without a date of receipt, counts the month from the first letter’s date, and says so', () => {
    const [letter] = service.compose(parse(followUp({ receivedOn: '', answer: 'none' })), testNow)
      .letters as [Letter];
    const text = bodyText(letter);
    expect(text).toContain(
      'Counted from the date of my letter, that period expired on 2 November 2026.',
    );
    expect(text).toContain(
      'I have received no answer, and no notice that the period was extended.',
    );
    expect(text).not.toContain('Your answer of');
  });

  it('recalls only what the first letter asked for', () => {
    const titles = titlesOf('en');
    for (const originalKind of ['objection', 'erasure'] as const) {
      for (const kind of ['reminder', 'complaint'] as const) {
        const [letter] = service.compose(parse(followUp({ kind, originalKind })), testNow)
          .letters as [Letter];
        const text = bodyText(letter);
        for (const article of ['21', '18', '17', '15']) {
          expect(
            text.includes(`(${titles[article]})`),
            `${kind} after ${originalKind}: ${article}`,
          ).toBe(requestArticles[originalKind].includes(article));
        }
      }
    }
  });

  it('a complaint to the lead authority says it is the lead one; to another, that it may cooperate with it', () => {
    const lead = bodyText(
      service.compose(parse(followUp({ kind: 'complaint' })), testNow).letters[0] as Letter,
    );
    expect(lead).toContain('as the lead supervisory authority for Meta Platforms Ireland Limited');
    const national = bodyText(
      service.compose(parse(followUp({ kind: 'complaint', authority: 'de-hh' })), testNow)
        .letters[0] as Letter,
    );
    expect(national).toContain('in cooperation with the Irish Data Protection Commission');
  });

  it('never claims the processing was ruled unlawful', () => {
    for (const kind of ['reminder', 'complaint'] as const) {
      const text = service.renderText(service.compose(parse(followUp({ kind })), testNow));
      expect(text).not.toMatch(/ruled|illegal|court (found|held|decided)/i);
      expect(text).toContain(kind === 'complaint' ? 'In my view' : 'I maintain in full');
    }
  });

  it('keeps what the person typed literally, never as a placeholder', () => {
    const hostile = '{{controller}} $t(subject.combined) <b>x</b>';
    const text = service.renderText(
      service.compose(parse(followUp({ kind: 'complaint', answerSummary: hostile })), testNow),
    );
    expect(text).toContain(hostile);
  });
});

describe('checking a reminder or a complaint', () => {
  const issues = (input: LetterRequestInput, now = testNow) => {
    const result = service.validate(input, now);
    return result.ok ? [] : result.issues.map((i) => `${i.field}:${i.code}`);
  };

  it('asks for the date of the first letter, and of the answer when there was one', () => {
    expect(issues(followUp({ originalDate: '' }))).toContain('originalDate:required');
    expect(issues(followUp({ answerDate: '' }))).toEqual(['answerDate:required']);
    expect(issues(followUp({ answer: 'none', answerDate: '' }))).toEqual([]);
  });

  it('refuses dates before the first letter', () => {
    expect(issues(followUp({ receivedOn: '2026-10-01' }))).toContain('receivedOn:beforeOriginal');
    expect(issues(followUp({ answerDate: '2026-09-30' }))).toContain('answerDate:beforeOriginal');
    expect(issues(followUp({ kind: 'complaint', reminderDate: '2026-09-30' }))).toContain(
      'reminderDate:beforeOriginal',
    );
  });

  it('waits until the month of Art. 12(3) is over, in the letters’ time zone', () => {
    // Received 6 October: the period ends on 6 November; a reminder can be written from the 7th.
    const on = (iso: string) => new Date(iso);
    const early = (overrides: Partial<LetterRequestInput> = {}) =>
      followUp({ answer: 'none', answerDate: '', ...overrides });
    expect(issues(early(), on('2026-11-06T12:00:00Z'))).toEqual(['receivedOn:periodNotOver']);
    expect(issues(early(), on('2026-11-06T22:59:00Z'))).toEqual(['receivedOn:periodNotOver']);
    // 23:30 UTC on 6 November is already 7 November in Brussels.
    expect(issues(early(), on('2026-11-06T23:30:00Z'))).toEqual([]);
    // Without a date of receipt, from the letter's own date (2 October → 2 November), with
    // ten days for delivery: from 12 November.
    expect(issues(early({ receivedOn: '' }), on('2026-11-11T12:00:00Z'))).toEqual([
      'originalDate:periodNotOverUnknown',
    ]);
    expect(issues(early({ receivedOn: '' }), on('2026-11-12T12:00:00Z'))).toEqual([]);
    const unknown = service.validate(early({ receivedOn: '' }), on('2026-11-05T12:00:00Z'));
    if (!unknown.ok) expect(unknown.issues[0]?.params).toEqual({ date: '2026-11-12' });
    const result = service.validate(early(), on('2026-11-06T12:00:00Z'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.params).toEqual({ date: '2026-11-06' });
  });

  it('needs no reasons (they are in the first letter) and ignores those sent', () => {
    const request = parse(followUp({ grounds: [], ownGrounds: 'old words' }));
    expect(request.grounds).toEqual([]);
    expect(request.ownGrounds).toBeUndefined();
  });

  it('drops what only a reminder or a complaint uses from a first letter', () => {
    const request = parse(followUp({ kind: 'combined' }));
    expect(request.followUp).toBeUndefined();
  });

  it('takes only the authorities in legal/authorities.json', () => {
    expect(issues(followUp({ kind: 'complaint', authority: 'xx' }))).toEqual(['authority:invalid']);
    expect(parse(followUp({ kind: 'complaint', authority: '' })).followUp?.authority).toBe('ie');
  });
});

describe('the reference', () => {
  const compose = (input: LetterRequestInput, now = testNow) => service.compose(parse(input), now);

  it('is the same for the same letters on the same day, for every letter of the set', () => {
    const a = compose(fullRequest());
    const b = compose(fullRequest());
    expect(a.letters[0]?.reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(a.letters.map((l) => l.reference)).toEqual(b.letters.map((l) => l.reference));
    expect(new Set(a.letters.map((l) => l.reference)).size).toBe(1);
  });

  it('differs when the content or the date differs', () => {
    const base = compose(fullRequest()).letters[0]?.reference;
    const variants = [
      compose(fullRequest({ name: 'Lukasz Zolc' })),
      compose(fullRequest({ kind: 'objection' })),
      compose(fullRequest({ language: 'fr' })),
      compose(fullRequest({ ownGrounds: 'Other words.' })),
      compose(fullRequest({ instagram: 'someone_else' })),
      compose(fullRequest(), new Date('2026-11-30T12:00:00Z')),
    ].map((s) => s.letters[0]?.reference);
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('is printed with the wording version and its date, and carried by the courtesy translation', () => {
    const [letter] = compose(fullRequest({ language: 'de', bilingual: true })).letters as [Letter];
    expect(letter.referenceLine).toContain(letter.reference);
    expect(letter.courtesyTranslation?.reference).toBe(letter.reference);
    expect(letter.courtesyTranslation?.referenceLine).toBe(
      `Reference: ${letter.reference} (wording version ${wording.version} of 29 November 2026)`,
    );
    expect(letter.wording).toEqual({ version: wording.version, date: wording.date });
  });

  it('is a function of the request and the date alone', () => {
    const request = parse(fullRequest());
    expect(letterReference(request, '2026-11-29')).toBe(letterReference(request, '2026-11-29'));
    expect(letterReference(request, '2026-11-29')).not.toBe(letterReference(request, '2026-11-28'));
  });
});

describe('the next step', () => {
  it('a first letter links to the reminder form, filled in with nothing personal', () => {
    const [letter] = service.compose(parse(fullRequest({ services: ['instagram'] })), testNow)
      .letters as [Letter];
    const url = new URL(letter.nextStep ?? '');
    expect(url.origin).toBe('http://localhost:3000');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      kind: 'reminder',
      originalKind: 'combined',
      originalDate: '2026-11-29',
      originalReference: letter.reference,
      services: 'instagram',
      language: 'en',
    });
    expect(letter.nextStep).not.toContain('ukasz');
    expect(addMonths('2026-11-29', 1)).toBe(letter.dueDate);
  });
});

describe('dates in the future', () => {
  const issues = (input: LetterRequestInput) => {
    const result = service.validate(input, testNow);
    return result.ok ? [] : result.issues.map((i) => `${i.field}:${i.code}`);
  };
  it('are refused against the service’s clock, with the other problems of the form', () => {
    expect(issues(fullRequest({ objectedBefore: true, objectedOn: '2026-11-30' }))).toEqual([
      'objectedOn:dateInFuture',
    ]);
    expect(issues(fullRequest({ objectedBefore: true, objectedOn: '2026-11-29' }))).toEqual([]);
    expect(issues(followUp({ kind: 'complaint', reminderDate: '2999-01-01', name: '' }))).toEqual([
      'name:required',
      'reminderDate:dateInFuture',
    ]);
    // A later clock accepts what an earlier one refused.
    const later = service.validate(
      followUp({ kind: 'complaint', reminderDate: '2027-01-05' }),
      new Date('2027-01-25T10:00:00Z'),
    );
    expect(later.ok).toBe(true);
  });
});

describe('a complaint after an answer that was not enough', () => {
  const complaint = (overrides: Partial<LetterRequestInput>) =>
    bodyText(
      service.compose(parse(followUp({ kind: 'complaint', ...overrides })), testNow)
        .letters[0] as Letter,
    );

  it('names each provision only as far as the answer does not deal with it', () => {
    const text = complaint({});
    expect(text).toContain(
      'in each case as far as its answer does not deal with the request concerned',
    );
    expect(text).toContain('on all of my requests');
    expect(complaint({ answer: 'none', answerDate: '' })).not.toContain('as far as its answer');
  });

  it('tells the events in the order they happened, and that the reminder went unanswered', () => {
    // Answer on 20 November, then a reminder on 25 November.
    const after = complaint({ reminderDate: '2026-11-25' });
    expect(after.indexOf('answered on 20 November 2026')).toBeLessThan(
      after.indexOf('On 25 November 2026 I sent'),
    );
    expect(after).toContain('has not answered my requests in full since then.');
    // A reminder on 10 November, then the answer on 20 November.
    const before = complaint({ reminderDate: '2026-11-10' });
    expect(before.indexOf('On 10 November 2026 I sent')).toBeLessThan(
      before.indexOf('answered on 20 November 2026'),
    );
    expect(before).not.toContain('since then');
  });

  it('a first letter for erasure only is not said to have contained an objection', () => {
    const [letter] = service.compose(
      parse(followUp({ kind: 'complaint', originalKind: 'erasure' })),
      testNow,
    ).letters as [Letter];
    expect(letter.formText).not.toContain('objection');
    expect(bodyText(letter)).not.toContain('Article 21');
  });
});
