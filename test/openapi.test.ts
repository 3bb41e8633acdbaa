import { validate } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, flatten, pdfPages } from './helper.js';

let app: FastifyInstance;
let doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<string, { examples?: Record<string, { value: unknown }> }>;
        };
      }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};
beforeAll(async () => {
  app = await buildTestApp();
  doc = (await app.inject({ url: '/openapi.json' })).json();
});
afterAll(() => app.close());

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result).toMatchObject({ valid: true });
  });

  it('describes the request from the same schema the server validates with', () => {
    const fields = Object.keys(doc.components.schemas.LetterRequest?.properties ?? {});
    expect(fields).toEqual(
      expect.arrayContaining([
        'kind',
        'services',
        'name',
        'country',
        'language',
        'bilingual',
        'format',
      ]),
    );
  });

  it('every documented example, sent to the app, succeeds in its format', async () => {
    const sent: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [name, example] of Object.entries(
          operation.requestBody?.content['application/json']?.examples ?? {},
        )) {
          const res = await app.inject({
            method: method.toUpperCase() as 'POST',
            url: path,
            payload: example.value as object,
          });
          expect(res.statusCode, `${path} ${name}`).toBe(200);
          if (res.headers['content-type'] === 'application/pdf') {
            expect(flatten((await pdfPages(res.rawPayload)).join(' '))).toContain('Jane Doe');
          } else if (String(res.headers['content-type']).startsWith('text/calendar')) {
            expect(res.body).toContain('BEGIN:VEVENT');
          } else {
            expect(res.body).toContain('Jane Doe');
          }
          sent.push(`${path} ${name}`);
        }
      }
    }
    expect(sent).toEqual([
      '/api/letters pdf',
      '/api/letters text',
      '/api/letters json',
      '/api/letters calendar',
      '/api/letters reminder',
      '/api/letters complaint',
      '/api/preview text',
    ]);
  });
});

describe('/docs', () => {
  it('is a reference page with no third-party assets', async () => {
    const res = await app.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<code>POST /api/letters</code>');
    expect(res.body).toContain('<code>bilingual</code>');
    expect(res.body).not.toMatch(/<(script|link|img)\b[^>]*(src|href)="(https?:)?\/\//i);
  });
});
