import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.js';
import { uiLanguage } from './language.js';

/**
 * Errors and logs. A person's data must never reach a log line: we log method, route
 * pattern, status and duration of each request, and for errors only their code. Fastify's
 * messages for bad bodies can quote the body (JSON.parse's "Unexpected token ... in '...'"),
 * so they are neither logged nor sent back.
 */

type ProblemKey =
  | 'badRequest'
  | 'tooLarge'
  | 'unsupportedMediaType'
  | 'notAcceptable'
  | 'notFound'
  | 'tooManyRequests'
  | 'unavailable'
  | 'server';

const problemByStatus: Record<number, ProblemKey> = {
  400: 'badRequest',
  404: 'notFound',
  406: 'notAcceptable',
  413: 'tooLarge',
  415: 'unsupportedMediaType',
  429: 'tooManyRequests',
  503: 'unavailable',
};

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function isApi(request: FastifyRequest): boolean {
  return pathOf(request.url).startsWith('/api/');
}

/** RFC 9457 problem details, or the HTML problem page, in the person's language. */
export function sendProblem(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  extra: Record<string, unknown> = {},
) {
  const lng = uiLanguage(request, deps.localisation);
  const t = deps.localisation.i18n.getFixedT(lng, 'ui');
  const key = problemByStatus[status] ?? (status >= 500 ? 'server' : 'badRequest');
  const detail = t(`problem.${key}`);
  reply.code(status);
  if (isApi(request)) {
    return reply
      .type('application/problem+json; charset=utf-8')
      .send({ type: 'about:blank', title: detail, status, detail, ...extra });
  }
  return reply.type('text/html; charset=utf-8').send(
    deps.pages.render('problem', {
      lng,
      title: `${detail} – ${t('site.name')}`,
      heading: detail,
      message: '',
    }),
  );
}

export function registerErrorHandling(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('onSend', async (request, reply) => {
    // Pages and letters can contain what a person typed: never keep them in a cache.
    // (The other security headers come from @fastify/helmet, in security.ts.)
    if (!pathOf(request.url).startsWith('/public/')) reply.header('cache-control', 'no-store');
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        // The route's pattern, never the raw URL: an unknown path could hold anything.
        route: request.routeOptions.url ?? '(no route)',
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 600
        ? error.statusCode
        : 500;
    if (status === 503) {
      // Load shedding (@fastify/under-pressure): expected under a burst, not a fault.
      request.log.warn({ code: error.code, statusCode: status }, 'request shed');
    } else if (status >= 500) {
      // Our own faults: the stack helps and holds no input; the message may not, so it is left out.
      request.log.error(
        { code: error.code, name: error.name, stack: error.stack?.split('\n').slice(1).join('\n') },
        'request failed',
      );
    } else {
      request.log.info({ code: error.code, statusCode: status }, 'request rejected');
    }
    return sendProblem(deps, request, reply, status);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(deps, request, reply, 404));
}
