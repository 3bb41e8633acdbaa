import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, flatten, fullRequest, pdfPages } from './helper.js';

/** Hostile text is text: shown literally, or refused with a message naming the field. */

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const api = (body: unknown, format = 'pdf') =>
  app.inject({ method: 'POST', url: '/api/letters', payload: { ...(body as object), format } });

describe('text that looks like code appears literally', () => {
  it.each([
    ['a template', '{{name}} {{#each x}}{{/each}} {{{raw}}}'],
    ['an i18next key', '$t(subject.combined) {{title.21}}'],
    ['HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'],
    ['quotes and ampersands', `O'Brien & "Sons" <ltd>`],
  ])('%s', async (_label, text) => {
    const pdf = await api(fullRequest({ ownGrounds: text, street: text.slice(0, 200) }));
    expect(pdf.statusCode).toBe(200);
    expect(flatten((await pdfPages(pdf.rawPayload)).join(' '))).toContain(flatten(text));

    const json = await api(fullRequest({ ownGrounds: text }), 'json');
    expect(JSON.stringify(json.json())).toContain(JSON.stringify(text).slice(1, -1));

    // On the page it is escaped text, never markup.
    const page = await app.inject({
      method: 'POST',
      url: '/letters',
      payload: new URLSearchParams({
        ui: 'en',
        format: 'text',
        ownGrounds: text,
        name: '',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(page.statusCode).toBe(400);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
  });
});

describe('text that cannot be printed is refused, naming the field', () => {
  const field = async (overrides: object) => {
    const res = await api(fullRequest(overrides), 'json');
    expect(res.statusCode).toBe(400);
    return res.json().errors as { field: string; code: string; detail: string }[];
  };

  it.each([
    ['a control character', { name: 'Eve\u0007' }, 'name', 'invalidCharacters'],
    ['a bidi override', { city: 'Paris\u202Egnp.exe' }, 'city', 'invalidCharacters'],
    ['a bidi isolate', { street: '\u2067Rue\u2069' }, 'street', 'invalidCharacters'],
    ['a zero-width space', { name: 'Ja\u200Bne' }, 'name', 'invalidCharacters'],
    ['a zero-width joiner', { ownGrounds: 'a\u200Db' }, 'ownGrounds', 'invalidCharacters'],
    ['a byte-order mark inside', { email: 'jane\uFEFF@example.com' }, 'email', 'invalidCharacters'],
    [
      'a pile of combining marks',
      { name: `Z${'\u0301\u0302\u0303\u0304'.repeat(3)}oe` },
      'name',
      'tooManyMarks',
    ],
    [
      '10,000 combining marks',
      { ownGrounds: `a${'\u0301'.repeat(10_000)}` },
      'ownGrounds',
      'tooLong',
    ],
    ['emoji', { name: 'Anna 🌸' }, 'name', 'unsupportedCharacters'],
    ['Arabic script', { city: 'القاهرة' }, 'city', 'unsupportedCharacters'],
    ['Hebrew script', { ownGrounds: 'שלום' }, 'ownGrounds', 'unsupportedCharacters'],
    ['CJK', { name: '王小明' }, 'name', 'unsupportedCharacters'],
  ])('%s', async (_label, overrides, expectedField, code) => {
    const errors = await field(overrides);
    expect(errors).toContainEqual(expect.objectContaining({ field: expectedField, code }));
    expect(errors.find((e) => e.field === expectedField)?.detail).toMatch(/^[A-Z][^:]+/);
  });

  it('accepts real accents, Greek and Cyrillic, and up to three marks on one letter', async () => {
    for (const name of [
      'Ngô Bảo Châu',
      'Ελένη Παπαδοπούλου',
      'Дмитрий Иванов',
      'Łukasz Żółć',
      'Zoe\u0308',
      'Ǹ̃̂a',
    ]) {
      const res = await api(fullRequest({ name }), 'json');
      expect(res.statusCode, name).toBe(200);
    }
  });
});
