import { createHash } from 'node:crypto';
import type { TFunction } from 'i18next';
import type { Localisation } from '../i18n.js';
import { countryName } from '../letters/addresses.js';
import { registeredPost } from '../letters/authorities.js';
import { serviceName } from '../letters/compose.js';
import { formatLongDate } from '../letters/dates.js';
import type { LetterSet } from '../letters/letter.js';
import { type LetterRequest, letterLanguages, type Service } from '../letters/request.js';
import { renderLetterText } from '../letters/text.js';
import { type FormValues, hiddenInputs } from './form-view.js';

/**
 * The result page's view: each letter's text and short form text, its reference, the SHA-256
 * of the very PDF the page's button downloads, the deadline kit, how to send it with proof
 * of delivery, and the link to what comes next.
 */
export function resultView(
  lng: string,
  localisation: Localisation,
  values: FormValues,
  request: LetterRequest,
  set: LetterSet,
  pdf: Buffer,
) {
  const { i18n } = localisation;
  const t = i18n.getFixedT(lng, 'ui');
  // Dates on the page are written as the letters of the page's language write them.
  const dateStyle = i18n.getResource(lng, 'letter', '_meta') as {
    dateLocale: string;
    firstDayOfMonth?: string;
  };
  const longDate = (iso: string) =>
    formatLongDate(iso, dateStyle.dateLocale, dateStyle.firstDayOfMonth);
  const replace = (values: Record<string, unknown>) => ({ replace: values });
  const first = set.letters[0];

  const letters = set.letters.map((letter) => {
    const authority = letter.authority;
    const due =
      letter.kind === 'complaint'
        ? t('result.dueDateComplaint')
        : letter.dueDate &&
          t(letter.kind === 'reminder' ? 'result.dueDateReminder' : 'result.dueDate', {
            ...replace({ date: longDate(letter.dueDate) }),
          });
    const next =
      letter.nextStep && letter.dueDate
        ? {
            url: letter.nextStep,
            label: t(letter.kind === 'reminder' ? 'result.nextComplaint' : 'result.nextReminder', {
              ...replace({ date: longDate(letter.dueDate) }),
            }),
          }
        : undefined;
    return {
      language: letter.language,
      heading: authority
        ? t('result.letterForAuthority', {
            ...replace({ authority: authority.name, controller: letter.controller.name }),
          })
        : t('result.letterFor', { ...replace({ controller: letter.controller.name }) }),
      dueDate: due,
      text: renderLetterText(letter),
      formText: letter.formText,
      formTextLabel: t('result.formText', { ...replace({ count: letter.formText.length }) }),
      formHeading: authority ? undefined : t('result.formHeading'),
      formSteps: authority ? t('result.authorityFormSteps') : t('result.formSteps'),
      forms: letter.forms.map((f) => ({
        url: f.url,
        label: t(`result.formLink.${f.service}`, {
          defaultValue: serviceName(f.service as Service),
        }),
      })),
      authority: authority && {
        form: authority.complaintForm && {
          url: authority.complaintForm,
          label: t('result.authorityForm', { ...replace({ authority: authority.name }) }),
        },
        email:
          authority.email &&
          t('result.authorityEmail', {
            ...replace({
              authority: authority.name,
              email: authority.email,
              website: authority.website,
            }),
          }),
        website: authority.website,
      },
      next,
    };
  });

  return {
    lng,
    title: `${t('result.title')} – ${t('site.name')}`,
    hidden: hiddenInputs(values),
    labels: {
      fullText: t('result.fullText'),
      copy: t('result.copy'),
      copyShort: t('result.copyShort'),
      copied: t('result.copied'),
      copyFailed: t('result.copyFailed'),
    },
    letters,
    // The letters of one request share their reference (a reminder cites it to each).
    reference: first && t('result.reference', { ...replace({ reference: first.reference }) }),
    sha256: createHash('sha256').update(pdf).digest('hex'),
    calendar: set.letters.some((l) => l.calendar.length > 0),
    sending: sendingAdvice(t, lng, request, first?.kind === 'complaint'),
    languageOffers: languageOffers(localisation, t, set, values),
    next: nextLetterData(set),
  };
}

/** Registered post with proof of delivery, with its local name in the sender's country. */
function sendingAdvice(t: TFunction, lng: string, request: LetterRequest, complaint: boolean) {
  const post = registeredPost[request.country];
  if (!post?.operator) return t('result.registeredPostGeneric');
  const country = countryName(request.country, lng);
  return t(complaint ? 'result.registeredPostComplaint' : 'result.registeredPost', {
    replace: { country, service: post.service, operator: post.operator },
  });
}

/**
 * A complaint reads best in the authority's own language: where the letter is in another
 * one, offer each of the authority's languages that the letters are written in.
 */
function languageOffers(
  localisation: Localisation,
  t: TFunction,
  set: LetterSet,
  values: FormValues,
) {
  const authority = set.letters[0]?.authority;
  if (!authority || authority.languages.includes(set.language)) return undefined;
  const offered = authority.languages.filter((l) => letterLanguages.includes(l as never));
  if (offered.length === 0) return undefined;
  const name = (code: string) => localisation.i18n.t('languageName', { lng: code, ns: 'ui' });
  return {
    text: t('result.authorityLanguage', {
      replace: { authority: authority.name, languages: offered.map(name).join(', ') },
    }),
    hidden: hiddenInputs(values).filter((h) => h.name !== 'language'),
    languages: offered.map((code) => ({
      code,
      label: t('result.makeIn', { replace: { language: name(code) } }),
    })),
  };
}

/** What the next letter needs from this one, for the result page's keep-for-later link. */
function nextLetterData(set: LetterSet): string | undefined {
  const letter = set.letters[0];
  if (!letter || letter.kind === 'complaint') return undefined;
  const params = new URL(letter.nextStep ?? 'http://x/').searchParams;
  const data: Record<string, string> = {};
  for (const key of ['kind', 'originalKind', 'originalDate', 'originalReference', 'reminderDate'])
    if (params.has(key)) data[key] = params.get(key) as string;
  return JSON.stringify(data);
}
