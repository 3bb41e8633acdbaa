import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalisation } from '../../server/i18n.js';
import { type Composer, createComposer } from '../../server/letters/compose.js';
import {
  countries,
  groundIds,
  type LetterRequest,
  letterKinds,
  letterLanguages,
  letterRequestSchema,
  services,
} from '../../server/letters/request.js';
import { renderLetterSetText } from '../../server/letters/text.js';
import { shapeFields, slotFields, unplannedFields } from '../../server/letters/text-plan.js';
import { projectRoot } from '../../server/paths.js';
import { fullRequest } from '../helper.js';

/**
 * Plain text from kept plans must be, character for character, what composing the letters
 * gives: for any request, for the first of its shape and for every later one.
 */

let composer: Composer;
let smallComposer: Composer;
beforeAll(async () => {
  const { i18n } = await loadLocalisation(projectRoot);
  composer = createComposer(projectRoot, i18n);
  // Three plans at most: requests of many shapes push plans out and bring them back.
  smallComposer = createComposer(projectRoot, i18n, { maxPlans: 3 });
});

const today = '2026-11-29';
const parse = (input: unknown): LetterRequest => {
  const parsed = letterRequestSchema.safeParse(input);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
};
const direct = (c: Composer, request: LetterRequest) =>
  renderLetterSetText(c.compose(request, today));

describe('fields', () => {
  it('sorts every field of a request into slots, shape or composed directly, once', () => {
    const all = [...slotFields, ...shapeFields, ...unplannedFields];
    expect(new Set(all).size).toBe(all.length);
    const first = parse(fullRequest({ place: 'Kraków', objectedBefore: true }));
    const complaint = parse(
      fullRequest({
        kind: 'complaint',
        originalDate: '2026-09-01',
        answer: 'insufficient',
        answerDate: '2026-10-10',
      }),
    );
    for (const request of [first, complaint])
      expect(Object.keys(request).filter((k) => !all.includes(k as never))).toEqual([]);
  });

  it('uses placeholders that no letter string holds', () => {
    for (const lng of letterLanguages)
      for (const file of readdirSync(join(projectRoot, 'locales', lng)))
        expect(readFileSync(join(projectRoot, 'locales', lng, file), 'utf8')).not.toMatch(
          /[\uE000\uE001]/,
        );
  });
});

// What people type, including what a template could treat specially: braces, semicolons and
// Greek ano teleia at the end (the last list item's full stop), ellipses, the placeholders'
// own private-use characters, line breaks.
const typed = fc.oneof(
  fc.constantFrom(
    'Łukasz Żółć',
    'Ελένη Παπαδοπούλου',
    'Дмитрий',
    'Ó Súilleabháin',
    '{{name}}',
    '$t(subject.combined)',
    '\uE0000\uE001',
    '\uE000',
    'a;',
    'b ·',
    'c…',
    'x\ny',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
);
const handle = fc.stringMatching(/^[a-z0-9._]{1,20}$/);
const facebook = fc.oneof(
  handle,
  fc
    .tuple(fc.constantFrom('https://www.facebook.com/', 'https://fb.com/'), handle)
    .map(([site, name]) => site + name),
  // Links may end in what the list's last item turns into a full stop.
  fc.constantFrom('https://www.facebook.com/x;', 'https://www.facebook.com/y·'),
);
const phone = fc.integer({ min: 100_000_000, max: 999_999_999 }).map((n) => `+3${n}`);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** The values a person types, for a request of a given shape. */
const personal = fc.record({
  name: typed,
  street: typed,
  postcode: fc.stringMatching(/^[0-9A-Z]{2,5}( ?[0-9]{1,3})?$/),
  city: typed,
  email: fc.constantFrom('a@example.eu', 'ü.ø@example.dk', 'x;@example.pl'),
  facebook,
  instagram: handle,
  messenger: fc.oneof(facebook, phone),
  threads: handle,
  whatsapp: phone,
  place: typed,
  ownGrounds: typed,
});

const shape = fc.record({
  kind: fc.constantFrom(...letterKinds),
  services: fc.subarray([...services], { minLength: 1 }),
  language: fc.constantFrom(...letterLanguages),
  country: fc.constantFrom(...countries),
  grounds: fc.subarray([...groundIds]),
  bilingual: fc.boolean(),
  objectedBefore: fc.boolean(),
  objectedOn: optional(fc.constantFrom('2025-05-20', '2026-01-31')),
  withPlace: fc.boolean(),
  withOwnGrounds: fc.boolean(),
  answer: fc.constantFrom('none', 'insufficient'),
});

type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

function requestOf(s: Value<typeof shape>, p: Value<typeof personal>) {
  const followUp = s.kind === 'reminder' || s.kind === 'complaint';
  return letterRequestSchema.safeParse({
    ...p,
    ...s,
    place: s.withPlace ? p.place : undefined,
    ownGrounds: s.withOwnGrounds || s.grounds.length === 0 ? p.ownGrounds : undefined,
    ...(followUp && {
      originalDate: '2026-09-01',
      answerDate: '2026-10-10',
      answerSummary: p.ownGrounds,
      originalReference: 'K7M2-Q9XD',
    }),
  });
}

describe('plain text from plans', () => {
  it('is what composing gives, for the first request of a shape and for later ones', () => {
    let compared = 0;
    fc.assert(
      // The second request has the same choices, but may leave out what the first filled in.
      fc.property(shape, personal, personal, fc.boolean(), fc.boolean(), (s, a, b, place, own) => {
        const first = requestOf(s, a);
        const second = requestOf({ ...s, withPlace: place, withOwnGrounds: own }, b);
        fc.pre(first.success && second.success);
        if (!first.success || !second.success) return;
        for (const c of [composer, smallComposer]) {
          expect(c.text(first.data, today)).toBe(direct(c, first.data));
          expect(c.text(second.data, today)).toBe(direct(c, second.data));
        }
        compared++;
      }),
      { numRuns: 300 },
    );
    // Most generated requests are valid: the property was checked, not skipped.
    expect(compared).toBeGreaterThan(150);
  });

  it('fills the same plan with each person’s own details, and keeps none of them', async () => {
    const { i18n } = await loadLocalisation(projectRoot);
    const fresh = createComposer(projectRoot, i18n);
    const anna = parse(fullRequest({ name: 'Anna Virtanen', city: 'Oulu', country: 'FI' }));
    const jussi = parse(
      fullRequest({
        name: 'Jussi Mäkelä',
        city: 'Tampere',
        country: 'FI',
        email: 'jussi@example.fi',
        facebook: 'jussi.makela',
        instagram: 'jussi_m',
        messenger: '+358401234567',
        threads: 'jussi.t',
        whatsapp: '+358401234568',
        ownGrounds: 'Olen valokuvaaja.',
      }),
    );
    const annaText = fresh.text(anna, today);
    const jussiText = fresh.text(jussi, today);
    expect(fresh.keptPlans()).toHaveLength(1);
    expect(annaText).toContain('Anna Virtanen');
    expect(jussiText).toContain('Jussi Mäkelä');
    expect(jussiText).toContain('Olen valokuvaaja.');
    expect(jussiText).not.toMatch(/Anna|Oulu|lukasz/);
    expect(jussiText).toBe(direct(fresh, jussi));
    const [plan] = fresh.keptPlans();
    for (const value of [anna, jussi].flatMap((r) => [r.name, r.city, r.email, r.instagram]))
      expect(plan).not.toContain(value);
    expect(plan).toContain('{name}');
    expect(plan).toContain('{reference}');
  });

  it('composes a follow-up letter directly, and keeps no plan for it', async () => {
    const { i18n } = await loadLocalisation(projectRoot);
    const fresh = createComposer(projectRoot, i18n);
    const reminder = parse(fullRequest({ kind: 'reminder', originalDate: '2026-09-01' }));
    expect(fresh.text(reminder, today)).toBe(direct(fresh, reminder));
    expect(fresh.keptPlans()).toEqual([]);
  });

  it('keeps at most maxPlans plans, the least recently used going first', () => {
    const shapes = ['en', 'fr', 'de', 'pl'].map((language) =>
      parse(fullRequest({ language: language as never })),
    );
    for (const request of shapes) smallComposer.text(request, today);
    expect(smallComposer.keptPlans()).toHaveLength(3);
    // The English plan went first; the French one is used again and so stays.
    smallComposer.text(shapes[1] as LetterRequest, today);
    smallComposer.text(shapes[0] as LetterRequest, today);
    const kept = smallComposer.keptPlans().join('\n');
    expect(kept).toContain('Objet');
    expect(kept).not.toContain('Betreff');
  });
});
