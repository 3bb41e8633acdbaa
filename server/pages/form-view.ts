import type { FieldMessage } from '../field-messages.js';
import type { Localisation } from '../i18n.js';
import { authorities, leadAuthorityId } from '../letters/authorities.js';
import {
  answerKinds,
  countries,
  type FieldName,
  fieldNames,
  firstLetterKinds,
  followUpKinds,
  groundIds,
  letterLanguages,
  services,
} from '../letters/request.js';

/**
 * The form page's view: every field with its label, hint, error and the value as typed,
 * so a form that comes back with errors has lost nothing.
 */

/** What a form post carries, before validation: strings, or lists of strings for checkboxes. */
export type FormValues = Record<string, string | string[] | undefined>;

const withHint = new Set<FieldName>([
  'bilingual',
  'name',
  'email',
  'facebook',
  'instagram',
  'messenger',
  'threads',
  'whatsapp',
  'originalDate',
  'originalReference',
  'receivedOn',
  'answerDate',
  'answerSummary',
  'reminderDate',
  'authority',
  'grounds',
  'ownGrounds',
  'objectedOn',
  'place',
  'language',
]);
const requiredFields = new Set<FieldName>([
  'services',
  'name',
  'street',
  'postcode',
  'city',
  'country',
  'email',
]);

/** The questions people ask (legal brief, "What people ask"), in the order shown. */
const faqKeys = [
  'tooLate',
  'publicOnly',
  'privateMessages',
  'noPublicPosts',
  'whatsapp',
  'noAnswer',
  'lawyer',
] as const;

export interface FieldView {
  name: FieldName;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  required: boolean;
  describedBy: string;
}

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const asText = (value: string | string[] | undefined) =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');

export function formView(
  lng: string,
  localisation: Localisation,
  values: FormValues,
  messages: FieldMessage[],
) {
  const t = localisation.i18n.getFixedT(lng, 'ui');
  const errorOf = (name: FieldName) => messages.find((m) => m.field === name)?.message;
  const fields = Object.fromEntries(
    fieldNames.map((name): [FieldName, FieldView] => {
      const hint = withHint.has(name) ? t(`fields.${name}.hint`) : undefined;
      const error = errorOf(name);
      return [
        name,
        {
          name,
          label: t(`fields.${name}.label`),
          hint,
          error,
          value: asText(values[name]),
          required: requiredFields.has(name),
          describedBy: [hint ? `${name}-hint` : '', error ? `${name}-error` : '']
            .filter(Boolean)
            .join(' '),
        },
      ];
    }),
  ) as Record<FieldName, FieldView>;

  const kind = asText(values.kind) || 'combined';
  const ticked = asList(values.services);
  const groundsTicked = asList(values.grounds);
  const country = asText(values.country);
  const language = asText(values.language) || (letterLanguages.includes(lng as never) ? lng : 'en');
  return {
    lng,
    title:
      messages.length > 0
        ? `${t('errors.summaryHeading', { count: messages.length })} – ${t('site.name')}`
        : t('site.name'),
    fields,
    errorList: messages.map((m) => ({ anchor: anchorOf(m.field), message: m.message })),
    kindGroups: [
      { label: t('kindGroups.first'), kinds: firstLetterKinds },
      { label: t('kindGroups.next'), kinds: followUpKinds },
    ].map((group) => ({
      label: group.label,
      kinds: group.kinds.map((value) => ({
        value,
        label: t(`kinds.${value}.label`),
        hint: t(`kinds.${value}.hint`),
        checked: value === kind,
      })),
    })),
    followUp: kind === 'reminder' || kind === 'complaint',
    originalKinds: firstLetterKinds.map((value) => ({
      value,
      label: t(`kinds.${value}.label`),
      checked: value === (asText(values.originalKind) || 'combined'),
    })),
    answers: answerKinds.map((value) => ({
      value,
      label: t(`answers.${value}`),
      checked: value === (asText(values.answer) || 'none'),
    })),
    authorities: authorityChoices(lng, asText(values.authority) || leadAuthorityId, t),
    services: services.map((value) => ({
      value,
      label: t(`services.${value}`),
      checked: ticked.includes(value),
    })),
    grounds: groundIds.map((value) => ({
      value,
      label: t(`grounds.${value}`),
      checked: groundsTicked.includes(value),
    })),
    countries: sortedCountries(lng).map(({ code, name }) => ({
      code,
      name,
      selected: code === country,
    })),
    letterLanguages: letterLanguages.map((code) => ({
      code,
      name: localisation.i18n.t('languageName', { lng: code, ns: 'ui' }),
      selected: code === language,
    })),
    faq: faqKeys.map((key) => ({ q: t(`faq.items.${key}.q`), a: t(`faq.items.${key}.a`) })),
    objectedBefore: ['on', 'true', 'yes'].includes(asText(values.objectedBefore)),
    bilingual: ['on', 'true', 'yes'].includes(asText(values.bilingual)),
  };
}

/** Where the error summary's link for a field leads: the first control of that field. */
function anchorOf(field: FieldName): string {
  switch (field) {
    case 'kind':
      return 'kind-combined';
    case 'services':
      return 'services-facebook';
    case 'grounds':
      return 'grounds-creativeWork';
    case 'originalKind':
      return 'originalKind-combined';
    case 'answer':
      return 'answer-none';
    default:
      return field;
  }
}

/** The form's values as hidden inputs, to make the PDF or go back to the form from the result page. */
export function hiddenInputs(values: FormValues): { name: string; value: string }[] {
  return fieldNames.flatMap((name) => asList(values[name]).map((value) => ({ name, value })));
}

// The country list in each interface language, sorted as that language sorts: built once.
const countryLists = new Map<string, { code: string; name: string }[]>();
function sortedCountries(lng: string): { code: string; name: string }[] {
  let list = countryLists.get(lng);
  if (!list) {
    const names = new Intl.DisplayNames([lng], { type: 'region' });
    const collator = new Intl.Collator(lng);
    list = countries
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
    countryLists.set(lng, list);
  }
  return list;
}

/**
 * The authorities a complaint can go to: the lead one first, then every country's, sorted by
 * the country's name in the page's language (a person may complain where they live or work).
 */
function authorityChoices(lng: string, selected: string, t: (key: string) => string) {
  return {
    lead: {
      id: leadAuthorityId,
      label: t('authorities.lead'),
      selected: selected === leadAuthorityId,
    },
    groupLabel: t('authorities.national'),
    others: sortedAuthorities(lng).map((o) => ({
      ...o,
      selected: o.id === selected && selected !== leadAuthorityId,
    })),
  };
}

// "Country: authority", sorted as the page's language sorts: built once per language.
const authorityLists = new Map<string, { id: string; label: string }[]>();
function sortedAuthorities(lng: string): { id: string; label: string }[] {
  let list = authorityLists.get(lng);
  if (!list) {
    const names = new Intl.DisplayNames([lng], { type: 'region' });
    const collator = new Intl.Collator(lng);
    list = authorities
      .map((a) => ({ id: a.id, label: `${names.of(a.country) ?? a.country}: ${a.name}` }))
      .sort((a, b) => collator.compare(a.label, b.label));
    authorityLists.set(lng, list);
  }
  return list;
}
