import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';
import { fieldMessages } from '../field-messages.js';
import { type OutputFormat, outputFormats } from '../letters/request.js';
import { preferredMediaType } from '../negotiation.js';
import { sendCalendar, sendPdf } from './download.js';
import { sendProblem } from './errors.js';
import { uiLanguage } from './language.js';

const mediaTypes: Record<OutputFormat, string> = {
  pdf: 'application/pdf',
  text: 'text/plain',
  json: 'application/json',
  calendar: 'text/calendar',
};
const formatOfMediaType = Object.fromEntries(
  Object.entries(mediaTypes).map(([f, m]) => [m, f]),
) as Record<string, OutputFormat>;

/**
 * POST /api/letters: the same request as the form, as JSON. The answer's format comes from
 * the body's `format` field, else the Accept header; PDF when neither says.
 * Field errors: 400, RFC 9457 problem details with one entry per field.
 */
export function registerApiRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { localisation, letters } = deps;

  // The live preview of the form: the same letter as plain text. Cheap (no PDF), so it is
  // not counted by the rate limit, which a person typing would otherwise exhaust.
  app.post('/api/preview', async (request, reply) => {
    const body = request.body;
    if (!isJsonObject(body)) return sendProblem(deps, request, reply, 400);
    const now = deps.now();
    const validation = letters.validate(body, now);
    if (!validation.ok) return sendProblem(deps, request, reply, 400);
    return reply.type('text/plain; charset=utf-8').send(letters.text(validation.request, now));
  });

  app.post('/api/letters', async (request, reply) => {
    const body = request.body;
    if (!isJsonObject(body)) return sendProblem(deps, request, reply, 400);
    const requested = body.format;
    let format: OutputFormat | undefined;
    if (requested !== undefined) {
      format = outputFormats.find((f) => f === requested);
      if (!format) return sendProblem(deps, request, reply, 406);
    } else {
      const media = preferredMediaType(
        request.headers.accept,
        Object.values(mediaTypes),
        mediaTypes.pdf,
      );
      if (!media) return sendProblem(deps, request, reply, 406);
      format = formatOfMediaType[media];
    }

    const now = deps.now();
    const validation = letters.validate(body, now);
    if (!validation.ok) {
      const lng = uiLanguage(request, localisation);
      const t = localisation.i18n.getFixedT(lng, 'ui');
      return sendProblem(deps, request, reply, 400, {
        title: t('problem.validation'),
        detail: t('problem.validation'),
        errors: fieldMessages(validation.issues, t).map(({ field, code, message }) => ({
          pointer: `#/${field}`,
          field,
          code,
          detail: message,
        })),
      });
    }

    const { request: letterRequest } = validation;
    reply.header('vary', 'accept');
    if (format === 'text')
      return reply.type('text/plain; charset=utf-8').send(letters.text(letterRequest, now));
    const set = letters.compose(letterRequest, now);
    switch (format) {
      case 'pdf':
        return sendPdf(
          reply,
          letters.fileName(letterRequest, set, 'pdf'),
          await letters.renderPdf(set, letterRequest),
        );
      case 'calendar':
        return sendCalendar(
          reply,
          letters.fileName(letterRequest, set, 'ics'),
          letters.renderCalendar(set),
        );
      default:
        return reply.type('application/json; charset=utf-8').send(set);
    }
  });
}

/** A letter request is a JSON object; an array, a string or null is not one. */
function isJsonObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}
