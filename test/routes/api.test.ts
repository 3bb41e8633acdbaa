import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterSetSchema } from '../../server/letters/letter.js';
import { buildTestApp, flatten, fullRequest, pdfPages } from '../helper.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const api = (payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/letters',
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('POST /api/letters', () => {
  it('answers with the PDF when nothing says otherwise', async () => {
    const res = await api(fullRequest());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(flatten((await pdfPages(res.rawPayload)).join(' '))).toContain(
      'Meta Platforms Ireland Limited',
    );
  });

  it('chooses the format by Accept header', async () => {
    const text = await api(fullRequest(), { accept: 'text/plain' });
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toContain('Subject: Objection under Article 21(1) GDPR');
    expect(text.body).toContain('WhatsApp Ireland Limited');

    const json = await api(fullRequest(), { accept: 'application/json, text/plain;q=0.5' });
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const set = letterSetSchema.parse(json.json());
    expect(set.letters.map((l) => l.controller.id)).toEqual(['meta', 'whatsapp']);
    expect(set.letters[0]?.dueDate).toBe('2026-12-29');

    const pdf = await api(fullRequest(), { accept: 'text/html;q=0.9, application/*;q=0.8' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('lets the format field win over the Accept header', async () => {
    const res = await api({ ...fullRequest(), format: 'text' }, { accept: 'application/pdf' });
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('plain text and PDF say the same thing', async () => {
    const text = await api({
      ...fullRequest({ language: 'fr', services: ['whatsapp'] }),
      format: 'text',
    });
    const pdf = await api({
      ...fullRequest({ language: 'fr', services: ['whatsapp'] }),
      format: 'pdf',
    });
    // The PDF's page footers ("name · controller · 1/5") can fall inside a paragraph.
    const pdfText = flatten(
      (await pdfPages(pdf.rawPayload))
        .join(' ')
        .replace(/Łukasz Żółć · WhatsApp Ireland Limited · \d+\/\d+/g, ' '),
    );
    const lines = text.body
      .split('\n')
      .map((line) => flatten(line.replace(/^- /, '')))
      .filter((line) => line.length > 20);
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(pdfText).toContain(line);
  });

  it('answers 406 for a format it does not make', async () => {
    expect((await api(fullRequest(), { accept: 'image/png' })).statusCode).toBe(406);
    expect((await api({ ...fullRequest(), format: 'docx' })).statusCode).toBe(406);
  });

  it('answers invalid fields with 400 problem details, one entry per field, in the asked language', async () => {
    const res = await api(
      { ...fullRequest(), email: 'nope', whatsapp: '' },
      { 'accept-language': 'fr' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.json()).toEqual({
      type: 'about:blank',
      status: 400,
      title: 'Certains champs sont manquants ou ne sont pas valables.',
      detail: 'Certains champs sont manquants ou ne sont pas valables.',
      errors: [
        {
          pointer: '#/email',
          field: 'email',
          code: 'invalidEmail',
          detail:
            'Adresse électronique : indiquez l’adresse de votre compte, par exemple nom@exemple.fr.'.replace(
              '’',
              "'",
            ),
        },
        {
          pointer: '#/whatsapp',
          field: 'whatsapp',
          code: 'required',
          detail:
            'Numéro WhatsApp : vous avez coché WhatsApp, indiquez donc le numéro de votre compte.',
        },
      ],
    });
  });

  it.each([
    ['malformed JSON', '{"name": "Łukasz', 400],
    ['an array', '[1,2,3]', 400],
    ['a string', '"hello"', 400],
    ['null', 'null', 400],
    ['an empty body', '', 400],
  ])('answers %s with a 4xx problem, never a 500', async (_label, payload, status) => {
    const res = await api(payload);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(res.body).not.toContain('Łukasz');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await api({ ...fullRequest(), ownGrounds: 'x'.repeat(70_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().detail).toBe(
      'What was sent is too large. Please shorten your own words and send the form again.',
    );
  });

  it('answers an unknown content type with 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: 'name=x',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(415);
  });

  it('ignores fields it does not know', async () => {
    const res = await api({
      ...fullRequest(),
      format: 'json',
      isAdmin: true,
      __proto__: { polluted: 1 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('isAdmin');
  });
});
