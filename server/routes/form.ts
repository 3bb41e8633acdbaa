import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../app.js';
import { type FieldMessage, fieldMessages } from '../field-messages.js';
import type { FormValues } from '../pages/form-view.js';
import { formView } from '../pages/form-view.js';
import { resultView } from '../pages/result-view.js';
import { sendCalendar, sendPdf } from './download.js';
import { uiLanguage } from './language.js';

/**
 * The web form, working without JavaScript: GET / shows it; POST /letters answers with the
 * PDF, the text page, the calendar file, or the form again with every value as typed and a
 * message per field.
 */
export function registerFormRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { localisation, letters, pages } = deps;

  const showForm = (
    reply: FastifyReply,
    lng: string,
    values: FormValues,
    messages: FieldMessage[],
  ) =>
    reply
      .code(messages.length > 0 ? 400 : 200)
      .type('text/html; charset=utf-8')
      .send(pages.render('form', formView(lng, localisation, values, messages)));

  // The empty form is the same for everyone who reads a language: render it once each.
  // A link from a calendar event or a result page fills in what is not personal.
  const emptyForms = new Map<string, string>();
  app.get('/', async (request, reply) => {
    const lng = uiLanguage(request, localisation);
    reply.header('content-language', lng).header('vary', 'accept-language');
    const prefill = prefillFrom(request.query);
    if (prefill) return showForm(reply, lng, prefill, []);
    let html = emptyForms.get(lng);
    if (html === undefined) {
      html = pages.render('form', formView(lng, localisation, {}, []));
      emptyForms.set(lng, html);
    }
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.post('/letters', async (request, reply) => {
    const values = (request.body ?? {}) as FormValues;
    if (typeof values !== 'object' || Array.isArray(values)) return showForm(reply, 'en', {}, []);
    const lng = uiLanguage(request, localisation, values.ui);
    const t = localisation.i18n.getFixedT(lng, 'ui');
    reply.header('content-language', lng);

    if (values.format === 'edit') return showForm(reply, lng, values, []);

    const now = deps.now();
    const validation = letters.validate(values, now);
    if (!validation.ok) return showForm(reply, lng, values, fieldMessages(validation.issues, t));

    const { request: letterRequest } = validation;
    const set = letters.compose(letterRequest, now);
    if (values.format === 'ics')
      return sendCalendar(
        reply,
        letters.fileName(letterRequest, set, 'ics'),
        letters.renderCalendar(set),
      );
    const pdf = await letters.renderPdf(set, letterRequest);
    if (values.format !== 'text')
      return sendPdf(reply, letters.fileName(letterRequest, set, 'pdf'), pdf);
    // The page shows the SHA-256 of the PDF its button downloads: the same letter on the same
    // day is the same file, byte for byte.
    return reply
      .type('text/html; charset=utf-8')
      .send(pages.render('result', resultView(lng, localisation, values, letterRequest, set, pdf)));
  });
}

/** Fields a link may fill in: never a name, an address or an account. */
const prefillable = [
  'kind',
  'originalKind',
  'originalDate',
  'originalReference',
  'receivedOn',
  'reminderDate',
  'services',
  'language',
] as const;

function prefillFrom(query: unknown): FormValues | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const values: FormValues = {};
  for (const key of prefillable) {
    const value = (query as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.length <= 40) values[key] = value;
    else if (Array.isArray(value))
      values[key] = value.filter((v): v is string => typeof v === 'string' && v.length <= 40);
  }
  return Object.keys(values).length > 0 ? values : undefined;
}
