import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { buildOpenApi, exampleRequest } from '../openapi.js';
import { projectRoot } from '../paths.js';

interface PropertySchema {
  type?: string;
  enum?: readonly string[];
  items?: { enum?: readonly string[] };
  maxLength?: number;
  default?: unknown;
  description?: string;
}

/**
 * GET /openapi.json (OpenAPI 3.1, generated from the zod schemas) and GET /docs, a reference
 * page drawn from the same document, with no third-party assets.
 */
export function registerDocsRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Built on first use, not at start-up (~45 ms): a person's first letter should not wait for
  // the API reference.
  let built: { body: string; html: string } | undefined;
  const docs = () => {
    built ??= buildDocs(deps);
    return built;
  };
  app.get('/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(docs().body),
  );
  app.get('/docs', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-language', 'en').send(docs().html),
  );
}

function buildDocs(deps: AppDeps): { body: string; html: string } {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  const openapi = buildOpenApi(version);
  const body = JSON.stringify(openapi);
  const request = (
    openapi.components as {
      schemas: {
        LetterRequest: { properties: Record<string, PropertySchema>; required?: string[] };
      };
    }
  ).schemas.LetterRequest;

  const fields = Object.entries(request.properties).map(([name, schema]) => ({
    name,
    type: schema.type === 'array' ? 'list' : (schema.type ?? 'string'),
    values: (schema.enum ?? schema.items?.enum ?? []).join(', '),
    required: request.required?.includes(name) ?? false,
    maxLength: schema.maxLength,
    defaultValue: schema.default === undefined ? '' : JSON.stringify(schema.default),
  }));
  const paths = Object.entries(
    openapi.paths as Record<
      string,
      Record<string, { summary: string; responses: Record<string, { description: string }> }>
    >,
  ).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      summary: op.summary,
      responses: Object.entries(op.responses).map(([status, r]) => ({
        status,
        description: r.description,
      })),
    })),
  );
  const curl = `curl -s http://localhost:3000/api/letters -H 'content-type: application/json' -H 'accept: text/plain' -d '${JSON.stringify(exampleRequest)}'`;
  const html = deps.pages.render('docs', {
    lng: 'en',
    title: 'API reference',
    fields,
    paths,
    curl,
    example: JSON.stringify(exampleRequest, null, 2),
  });
  return { body, html };
}
