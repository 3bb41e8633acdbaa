import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterSetSchema } from '../server/letters/letter.js';
import { fieldNames as requestFields } from '../server/letters/request.js';
import { buildTestApp, flatten, fullRequest, pdfPages } from './helper.js';

/**
 * Thousands of arbitrary and adversarial inputs: every answer is a letter or a 4xx with a
 * message per field; never a 5xx; the app keeps answering.
 */

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const nasty = fc.constantFrom(
  '',
  ' ',
  '{{name}}',
  '$t(subject.combined)',
  '<script>x</script>',
  '\u202E',
  '\u200B',
  '\u0000',
  '\r\n',
  '🌸',
  'القاهرة',
  '\u0301'.repeat(50),
  'a'.repeat(300),
  '__proto__',
  'constructor',
  'Łukasz',
  'Ελένη',
  'Дмитрий',
  '+33612345678',
  'https://www.facebook.com/x',
  '@insta',
  'FR',
  'facebook',
  'whatsapp',
  'combined',
  'erasure',
  'reminder',
  'complaint',
  'insufficient',
  '2026-10-01',
  '2026-11-30',
  '2017-02-30',
  'de-hh',
  'K7M2-Q9XD',
);
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  nasty,
);
const anyValue = fc.oneof(
  anyText,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(anyText, { maxLength: 4 }),
  fc.dictionary(anyText, anyText, { maxKeys: 3 }),
);
// Every field of the schema, and the API's format field.
const fieldNames = fc.constantFrom(...requestFields, 'format');

/** A valid request with a few fields replaced by anything at all. */
const mutatedRequest = fc
  .tuple(
    fc.dictionary(fieldNames, anyValue, { maxKeys: 4 }),
    fc.dictionary(anyText, anyValue, { maxKeys: 2 }),
  )
  .map(([changes, extra]) => ({ ...extra, ...fullRequest(), format: 'json', ...changes }));

function expectLetterOrFieldErrors(status: number, body: string, contentType: string | undefined) {
  expect(status).toBeLessThan(500);
  if (status === 200) return;
  expect([400, 406]).toContain(status);
  expect(contentType).toBe('application/problem+json; charset=utf-8');
  const problem = JSON.parse(body);
  if (status === 400 && problem.errors) {
    expect(problem.errors.length).toBeGreaterThan(0);
    for (const e of problem.errors) expect(e.detail).toEqual(expect.any(String));
  }
}

describe('POST /api/letters with arbitrary input', () => {
  it('never answers 5xx, always a letter or field messages (2,000 requests)', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedRequest, async (body) => {
        const res = await app.inject({ method: 'POST', url: '/api/letters', payload: body });
        expectLetterOrFieldErrors(res.statusCode, res.body, String(res.headers['content-type']));
        if (
          res.statusCode === 200 &&
          String(res.headers['content-type']).startsWith('application/json')
        ) {
          const set = letterSetSchema.parse(res.json());
          expect(set.letters[0]?.sender.name).toBe(String(body.name).normalize('NFC').trim());
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers 5xx to arbitrary bytes as a body (1,000 requests)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json()),
        fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
        async (payload, type) => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/letters',
            payload,
            headers: { 'content-type': type },
          });
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('every valid PDF parses and holds the name (150 letters)', async () => {
    const letters = fc.constantFrom(
      ...'aąbcćdeęéèfghijklłmnńoóöpqrsśtuüvwxyzźżßαβγδεζηθλμπσωабвгдежзийклмнопрстуфхцчшщъыьэюя',
    );
    const word = fc
      .string({ unit: letters, minLength: 1, maxLength: 12 })
      .map((w) => w[0]?.toUpperCase() + w.slice(1));
    const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
    await fc.assert(
      fc.asyncProperty(
        name,
        fc.constantFrom('en', 'fr'),
        fc.constantFrom('combined', 'objection', 'erasure'),
        async (n, language, kind) => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/letters',
            payload: { ...fullRequest({ name: n, language, kind }), format: 'pdf' },
          });
          expect(res.statusCode).toBe(200);
          expect(flatten((await pdfPages(res.rawPayload)).join(' '))).toContain(n.normalize('NFC'));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('POST /letters (the form) with arbitrary input', () => {
  it('always answers a page: the letter, or the form with messages (1,000 requests)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.oneof(fieldNames, anyText),
          fc.oneof(anyText, fc.array(anyText, { maxLength: 3 })),
          { maxKeys: 8 },
        ),
        async (values) => {
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(values))
            for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
          params.set('format', 'text');
          const res = await app.inject({
            method: 'POST',
            url: '/letters',
            payload: params.toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
          expect([200, 400]).toContain(res.statusCode);
          expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
          if (res.statusCode === 400) expect(res.body).toContain('class="error-summary"');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is still alive and well afterwards', async () => {
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/letters', payload: fullRequest() }))
        .statusCode,
    ).toBe(200);
  });
});
