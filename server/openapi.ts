import { z } from 'zod';
import { letterSetSchema } from './letters/letter.js';
import { letterRequestSchema, outputFormats } from './letters/request.js';

/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the same zod schemas the
 * server validates with: there is no second schema to keep in step.
 */

/** A complete request, as the README and /docs show it; the tests send each example. */
export const exampleRequest = {
  kind: 'combined',
  services: ['facebook', 'instagram'],
  name: 'Jane Doe',
  street: '1 Main Street',
  postcode: 'D02 X285',
  city: 'Dublin',
  country: 'IE',
  email: 'jane@example.com',
  facebook: 'https://www.facebook.com/jane.doe',
  instagram: '@jane.doe',
  grounds: ['imitation', 'oldContent'],
  ownGrounds: 'I share photos of my children.',
  language: 'en',
} as const;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details. `errors` lists each invalid field (400).',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'In the language of Accept-Language or ?lang=.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          pointer: { type: 'string', examples: ['#/email'] },
          field: { type: 'string', examples: ['email'] },
          code: { type: 'string', examples: ['invalidEmail'] },
          detail: {
            type: 'string',
            examples: ['Email address: enter the address of your account, like name@example.com.'],
          },
        },
        required: ['pointer', 'field', 'code', 'detail'],
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const retryAfter = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer' },
  },
};

export function buildOpenApi(version: string): Record<string, unknown> {
  const request = jsonSchema(letterRequestSchema, 'input') as {
    properties: Record<string, unknown>;
  };
  request.properties.format = {
    type: 'string',
    enum: [...outputFormats],
    description:
      'The answer’s format; when absent the Accept header decides, and PDF when it says nothing.',
  };
  const examples: Record<string, { summary: string; value: Record<string, unknown> }> = {
    ...Object.fromEntries(
      outputFormats.map((format) => [
        format,
        {
          summary:
            format === 'calendar'
              ? 'The due dates of a combined letter to Meta, as an iCalendar file (RFC 5545)'
              : `A combined letter to Meta, as ${format}`,
          value: { ...exampleRequest, format },
        },
      ]),
    ),
    reminder: {
      summary: 'A reminder: the letter of 1 October 2026 was not answered (as text)',
      value: {
        ...exampleRequest,
        kind: 'reminder',
        originalKind: 'combined',
        originalDate: '2026-10-01',
        originalReference: 'K7M2-Q9XD',
        answer: 'none',
        format: 'text',
      },
    },
    complaint: {
      summary: 'A complaint to the Irish Data Protection Commission after a reminder (as text)',
      value: {
        ...exampleRequest,
        kind: 'complaint',
        originalKind: 'combined',
        originalDate: '2026-10-01',
        originalReference: 'K7M2-Q9XD',
        reminderDate: '2026-11-10',
        answer: 'none',
        authority: 'ie',
        format: 'text',
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'GDPR letters about Meta AI training',
      version,
      description:
        'Makes Article 21 GDPR objections and Article 17 erasure requests to Meta Platforms Ireland Limited (Facebook, Instagram, Messenger, Threads) and WhatsApp Ireland Limited, then reminders and complaints to a data protection authority (Article 77), as PDF, plain text or structured JSON, and their due dates as an iCalendar file. Nothing sent is stored; a reminder or complaint that comes too early (before the month of Article 12(3) is over) is a 400 with code periodNotOver.',
    },
    servers: [{ url: '/' }],
    paths: {
      '/api/letters': {
        post: {
          operationId: 'makeLetters',
          summary: 'Make the letters for one person: one per controller.',
          parameters: [
            {
              name: 'lang',
              in: 'query',
              required: false,
              description: 'Language of error messages (else Accept-Language).',
              schema: { type: 'string' },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/LetterRequest' },
                examples,
              },
            },
          },
          responses: {
            '200': {
              description:
                'The letters: each starts on a new page of the PDF; the text separates them with a rule.',
              content: {
                'application/pdf': {
                  schema: { type: 'string', contentMediaType: 'application/pdf' },
                },
                'text/plain': { schema: { type: 'string' } },
                'text/calendar': { schema: { type: 'string', contentMediaType: 'text/calendar' } },
                'application/json': { schema: { $ref: '#/components/schemas/LetterSet' } },
              },
            },
            '400': problemResponse('Invalid fields, or a body that is not a JSON object.'),
            '406': problemResponse('The format asked for is not offered.'),
            '413': problemResponse('The body is larger than BODY_LIMIT.'),
            '415': problemResponse('The body is not JSON.'),
            '429': {
              ...problemResponse('Too many letters from this client; see Retry-After.'),
              headers: retryAfter,
            },
            '503': {
              ...problemResponse('The server is shedding load; see Retry-After.'),
              headers: retryAfter,
            },
          },
        },
      },
      '/api/preview': {
        post: {
          operationId: 'previewLetters',
          summary: 'The letters as plain text, for a live preview (not rate limited).',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/LetterRequest' },
                examples: { text: examples.text },
              },
            },
          },
          responses: {
            '200': {
              description: 'The letters as plain text.',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
            '400': problemResponse('The request is not complete or not valid yet.'),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'The process answers.',
          responses: {
            '200': {
              description: 'Alive.',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { status: { const: 'ok' } } },
                },
              },
            },
          },
        },
      },
      '/readyz': {
        get: {
          operationId: 'ready',
          summary: 'The process should get traffic: not while shedding load or closing.',
          responses: {
            '200': {
              description: 'Ready.',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { status: { const: 'ready' } } },
                },
              },
            },
            '503': {
              description: 'Not ready.',
              headers: retryAfter,
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        LetterRequest: request,
        LetterSet: jsonSchema(letterSetSchema, 'output'),
        Problem: problem,
      },
    },
  };
}
