import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../app.js';
import { type FieldMessage, fieldMessages } from '../field-messages.js';
import { serviceName } from '../letters/compose.js';
import { formatLongDate } from '../letters/dates.js';
import type { Service } from '../letters/request.js';
import { renderLetterText } from '../letters/text.js';
import type { FormValues } from '../pages/form-view.js';
import { formView, hiddenInputs } from '../pages/form-view.js';
import { contentDisposition } from './download.js';
import { uiLanguage } from './language.js';

/**
 * The web form, working without JavaScript: GET / shows it; POST /letters answers with the
 * PDF, the text page, or the form again with every value as typed and a message per field.
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
  const emptyForms = new Map<string, string>();
  app.get('/', async (request, reply) => {
    const lng = uiLanguage(request, localisation);
    let html = emptyForms.get(lng);
    if (html === undefined) {
      html = pages.render('form', formView(lng, localisation, {}, []));
      emptyForms.set(lng, html);
    }
    return reply
      .header('content-language', lng)
      .header('vary', 'accept-language')
      .type('text/html; charset=utf-8')
      .send(html);
  });

  app.post('/letters', async (request, reply) => {
    const values = (request.body ?? {}) as FormValues;
    if (typeof values !== 'object' || Array.isArray(values)) return showForm(reply, 'en', {}, []);
    const lng = uiLanguage(request, localisation, values.ui);
    const t = localisation.i18n.getFixedT(lng, 'ui');
    reply.header('content-language', lng);

    if (values.format === 'edit') return showForm(reply, lng, values, []);

    const validation = letters.validate(values);
    if (!validation.ok) return showForm(reply, lng, values, fieldMessages(validation.issues, t));

    const { request: letterRequest } = validation;
    const set = letters.compose(letterRequest, deps.now());
    if (values.format !== 'text') {
      const pdf = await letters.renderPdf(set, letterRequest);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          contentDisposition(letters.fileName(letterRequest, set, 'pdf')),
        )
        .send(pdf);
    }

    // Dates on the page are written as the letters of the page's language write them.
    const dateStyle = localisation.i18n.getResource(lng, 'letter', '_meta') as {
      dateLocale: string;
      firstDayOfMonth?: string;
    };
    return reply.type('text/html; charset=utf-8').send(
      pages.render('result', {
        lng,
        title: `${t('result.title')} – ${t('site.name')}`,
        hidden: hiddenInputs(values),
        labels: {
          fullText: t('result.fullText'),
          copy: t('result.copy'),
          copyShort: t('result.copyShort'),
          copied: t('result.copied'),
          copyFailed: t('result.copyFailed'),
          formHeading: t('result.formHeading'),
          formSteps: t('result.formSteps'),
        },
        letters: set.letters.map((letter) => ({
          language: letter.language,
          heading: t('result.letterFor', { replace: { controller: letter.controller.name } }),
          dueDate: t('result.dueDate', {
            replace: {
              date: formatLongDate(letter.dueDate, dateStyle.dateLocale, dateStyle.firstDayOfMonth),
            },
          }),
          text: renderLetterText(letter),
          formText: letter.formText,
          formTextLabel: t('result.formText', { replace: { count: letter.formText.length } }),
          forms: letter.forms.map((f) => ({
            url: f.url,
            label: t(`result.formLink.${f.service}`, {
              defaultValue: serviceName(f.service as Service),
            }),
          })),
        })),
      }),
    );
  });
}
