import { z } from 'zod';
import { authorityIds, leadAuthorityId } from './authorities.js';

/**
 * What a person asks for: the one schema behind the web form and the JSON API.
 *
 * Issue messages are codes ("required", "invalid", ...), never prose: the routes turn
 * them into sentences in the person's language (`fieldMessages` in server/field-messages.ts).
 */

/** The first letter's kinds, then what follows when the controller does not answer in time. */
export const firstLetterKinds = ['combined', 'objection', 'erasure'] as const;
export const followUpKinds = ['reminder', 'complaint'] as const;
export const letterKinds = [...firstLetterKinds, ...followUpKinds] as const;
/** Meta Platforms Ireland runs the first four; WhatsApp Ireland runs WhatsApp. */
export const services = ['facebook', 'instagram', 'messenger', 'threads', 'whatsapp'] as const;
/** What came back from the controller, for a reminder or a complaint. */
export const answerKinds = ['none', 'insufficient'] as const;
/** Common grounds relating to a person's particular situation (Art. 21(1)), from the legal brief. */
export const groundIds = [
  'creativeWork',
  'otherPeople',
  'sensitiveContent',
  'imitation',
  'oldContent',
] as const;
/** Every official EU language, plus Norwegian (Bokmål) and Icelandic for the EEA. */
export const letterLanguages = [
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'is',
  'it',
  'lt',
  'lv',
  'mt',
  'nb',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const;
export const outputFormats = ['pdf', 'text', 'json', 'calendar'] as const;

/** EU and EEA member states (ISO 3166-1 alpha-2): where Meta's AI-training notice applied. */
export const countries = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
] as const;

export type LetterKind = (typeof letterKinds)[number];
export type FirstLetterKind = (typeof firstLetterKinds)[number];
export type FollowUpKind = (typeof followUpKinds)[number];
export type AnswerKind = (typeof answerKinds)[number];
export const isFollowUp = (kind: LetterKind): kind is FollowUpKind =>
  (followUpKinds as readonly string[]).includes(kind);
export type Service = (typeof services)[number];
export type GroundId = (typeof groundIds)[number];
export type LetterLanguage = (typeof letterLanguages)[number];
export type OutputFormat = (typeof outputFormats)[number];
export type Country = (typeof countries)[number];

/** The day the GDPR became applicable (Art. 99(2)): no earlier objection can have relied on it. */
const gdprApplicableFrom = '2018-05-25';

// Control characters (Cc) and invisible format characters (Cf: bidi embeddings, overrides
// and isolates, zero-width spaces and joiners, byte-order marks, soft hyphens): they cannot be
// printed, and bidi controls can make a letter read differently from what it says.
const invisible = /[\p{Cc}\p{Cf}]/u;
// Line breaks and tabs are the only control characters a multi-line answer may hold.
const multiLineAllowedControls = /[\n\t]/g;
// No language writes more than three combining marks on one letter once text is in NFC;
// a pile of them ("Zalgo" text) would be drawn over the lines around it.
const markPile = /\p{M}{4,}/u;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Accepts a single value or a list (HTML forms send one value for one ticked box). */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
    z.array(item),
  );

const line = (max: number) =>
  z
    .string({ error: 'required' })
    .normalize('NFC')
    .trim()
    .min(1, { error: 'required' })
    .max(max, { error: 'tooLong' })
    .refine((s) => !invisible.test(s), { error: 'invalidCharacters' })
    .refine((s) => !markPile.test(s), { error: 'tooManyMarks' });

const optionalLine = (max: number) => z.preprocess(blankToUndefined, line(max).optional());

/** A person's own words over several lines, kept as typed (line breaks included). */
const ownWords = (max: number) =>
  z.preprocess(
    // Browsers send a textarea's line breaks as CRLF; CSV files may too.
    (value) => blankToUndefined(typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value),
    z
      .string({ error: 'invalid' })
      .normalize('NFC')
      .trim()
      .max(max, { error: 'tooLong' })
      .refine((s) => !invisible.test(s.replace(multiLineAllowedControls, '')), {
        error: 'invalidCharacters',
      })
      .refine((s) => !markPile.test(s), { error: 'tooManyMarks' })
      .optional(),
  );

const facebookUrl = /^https?:\/\/(?:(?:www|m|web)\.)?(?:facebook\.com|fb\.com)\/\S+$/i;
const messengerUrl = /^https?:\/\/(?:www\.)?(?:messenger\.com|m\.me)\/\S+$/i;
const facebookUsername = /^[\p{L}\p{N}.]{1,50}$/u;
const instagramUsername = /^@?[A-Za-z0-9._]{1,30}$/;
const e164 = /^\+[1-9]\d{6,14}$/;
/** A phone number as people type it ("+33 6 12-34", "0033 6…"), in E.164 form. */
const phoneNumber = (value: string) => value.replace(/[\s\-().]/g, '').replace(/^00/, '+');
const looksLikePhone = /^[+0][\d\s\-().]+$/;
/** References of letters made here ("K7M2-Q9XD"), or any case number a person was given. */
const reference = /^[\p{L}\p{N}][\p{L}\p{N} ./-]*$/u;

const isoDate = z
  .string({ error: 'invalid' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'invalidDate' })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      error: 'invalidDate',
    },
  )
  .refine((s) => s >= gdprApplicableFrom, { error: 'dateTooEarly' });
// Dates in the future are refused by the letter service, which knows today's date in the
// letters' time zone (and, in tests, a fixed clock): see `futureDates` in service.ts.

/** Fields holding a calendar date (YYYY-MM-DD). */
export const dateFields = [
  'objectedOn',
  'originalDate',
  'receivedOn',
  'answerDate',
  'reminderDate',
] as const;

const optionalDate = z.preprocess(blankToUndefined, isoDate.optional());

const booleanFromForm = z.preprocess(
  (value) =>
    value === 'on' || value === 'true' || value === 'yes'
      ? true
      : value === '' || value === 'false'
        ? false
        : value,
  z.boolean({ error: 'invalid' }).default(false),
);

export const letterRequestSchema = z
  .object({
    kind: z.preprocess(
      blankToUndefined,
      z.enum(letterKinds, { error: 'invalid' }).default('combined'),
    ),
    services: listOf(z.enum(services, { error: 'invalid' }))
      .pipe(z.array(z.enum(services)).min(1, { error: 'chooseService' }))
      .transform((list) => services.filter((s) => list.includes(s))),
    name: line(150),
    street: line(200),
    postcode: line(12).refine((s) => /^[\p{L}\p{N} -]+$/u.test(s), { error: 'invalid' }),
    city: line(100),
    country: z.enum(countries, { error: 'chooseCountry' }),
    email: line(254).refine((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), { error: 'invalidEmail' }),
    facebook: optionalLine(200),
    instagram: optionalLine(31),
    messenger: z.preprocess(
      (value) =>
        typeof value === 'string' && looksLikePhone.test(value.trim())
          ? phoneNumber(value.trim())
          : value,
      optionalLine(200),
    ),
    threads: optionalLine(31),
    whatsapp: z.preprocess(
      (value) => (typeof value === 'string' ? phoneNumber(value) : value),
      optionalLine(16),
    ),
    place: optionalLine(100),
    objectedBefore: booleanFromForm,
    /** Add an English courtesy translation after each letter (ignored for English letters). */
    bilingual: booleanFromForm,
    objectedOn: z.preprocess(blankToUndefined, isoDate.optional()),
    grounds: listOf(z.enum(groundIds, { error: 'invalid' })).transform((list) =>
      groundIds.filter((g) => list.includes(g)),
    ),
    ownGrounds: ownWords(2000),
    // A reminder or a complaint: what the first letter was, and what came back.
    originalKind: z.preprocess(
      blankToUndefined,
      z.enum(firstLetterKinds, { error: 'invalid' }).default('combined'),
    ),
    originalDate: optionalDate,
    originalReference: z.preprocess(
      blankToUndefined,
      line(40)
        .refine((s) => reference.test(s), { error: 'invalid' })
        .optional(),
    ),
    receivedOn: optionalDate,
    answer: z.preprocess(
      blankToUndefined,
      z.enum(answerKinds, { error: 'invalid' }).default('none'),
    ),
    answerDate: optionalDate,
    answerSummary: ownWords(2000),
    reminderDate: optionalDate,
    /** The supervisory authority a complaint goes to (legal/authorities.json); the lead one by default. */
    authority: z.preprocess(
      blankToUndefined,
      z.enum(authorityIds, { error: 'invalid' }).default(leadAuthorityId),
    ),
    language: z.preprocess(
      blankToUndefined,
      z.enum(letterLanguages, { error: 'invalid' }).default('en'),
    ),
  })
  .superRefine(
    (request, ctx) => {
      // `when` below runs this even when other fields failed, so that a person sees every
      // problem at once; fields that failed their own checks may hold anything here.
      const ticked = Array.isArray(request.services) ? request.services : [];
      const need = (path: Service, ok: (v: string) => boolean) => {
        if (!ticked.includes(path)) return;
        const value: unknown = request[path];
        if (value === undefined)
          ctx.addIssue({ code: 'custom', path: [path], message: 'required' });
        else if (typeof value === 'string' && !ok(value))
          ctx.addIssue({ code: 'custom', path: [path], message: 'invalid' });
      };
      need('facebook', (v) => facebookUrl.test(v) || facebookUsername.test(v));
      need('instagram', (v) => instagramUsername.test(v));
      need(
        'messenger',
        (v) =>
          facebookUrl.test(v) || messengerUrl.test(v) || facebookUsername.test(v) || e164.test(v),
      );
      need('threads', (v) => instagramUsername.test(v));
      need('whatsapp', (v) => e164.test(v));
      const kind = request.kind as LetterKind | undefined;
      if (kind === 'reminder' || kind === 'complaint') {
        if (request.originalDate === undefined)
          ctx.addIssue({ code: 'custom', path: ['originalDate'], message: 'required' });
        if (request.answer === 'insufficient' && request.answerDate === undefined)
          ctx.addIssue({ code: 'custom', path: ['answerDate'], message: 'required' });
        // Nothing that answers or follows a letter can be older than the letter.
        const original = request.originalDate;
        for (const field of ['receivedOn', 'answerDate', 'reminderDate'] as const) {
          const value = request[field];
          if (typeof original === 'string' && typeof value === 'string' && value < original)
            ctx.addIssue({ code: 'custom', path: [field], message: 'beforeOriginal' });
        }
        return;
      }
      // Art. 21(1) objections must rest on "grounds relating to his or her particular situation".
      const grounds = Array.isArray(request.grounds) ? request.grounds : [];
      if (kind !== 'erasure' && grounds.length === 0 && !request.ownGrounds) {
        ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'groundsRequired' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((request) => {
    const followUp = isFollowUp(request.kind);
    const at = (handle: string | undefined) => handle && `@${handle.replace(/^@/, '')}`;
    return {
      ...request,
      // Identifiers of services that were not ticked are dropped, not silently put in a letter.
      facebook: request.services.includes('facebook') ? request.facebook : undefined,
      instagram: request.services.includes('instagram') ? at(request.instagram) : undefined,
      messenger: request.services.includes('messenger') ? request.messenger : undefined,
      threads: request.services.includes('threads') ? at(request.threads) : undefined,
      whatsapp: request.services.includes('whatsapp') ? request.whatsapp : undefined,
      // A first letter's reasons are in that letter; a reminder or a complaint refers to it.
      grounds: followUp ? [] : request.grounds,
      ownGrounds: followUp ? undefined : request.ownGrounds,
      objectedBefore: followUp ? false : request.objectedBefore,
      objectedOn: !followUp && request.objectedBefore ? request.objectedOn : undefined,
      // What only a reminder or a complaint uses is dropped from a first letter.
      followUp: followUp
        ? {
            originalKind: request.originalKind,
            originalDate: request.originalDate as string,
            originalReference: request.originalReference,
            receivedOn: request.receivedOn,
            answer: request.answer,
            answerDate: request.answer === 'insufficient' ? request.answerDate : undefined,
            answerSummary: request.answer === 'insufficient' ? request.answerSummary : undefined,
            reminderDate: request.kind === 'complaint' ? request.reminderDate : undefined,
            authority: request.authority,
          }
        : undefined,
    };
  });

/** What arrives, before validation: everything the form or API may send. */
export type LetterRequestInput = z.input<typeof letterRequestSchema>;
/** A valid request, normalised. */
export type LetterRequest = z.output<typeof letterRequestSchema>;

/** The names of the form fields, in the order the form shows them. */
export const fieldNames = [
  'kind',
  'services',
  'name',
  'street',
  'postcode',
  'city',
  'country',
  'email',
  'facebook',
  'instagram',
  'messenger',
  'threads',
  'whatsapp',
  'originalKind',
  'originalDate',
  'originalReference',
  'receivedOn',
  'answer',
  'answerDate',
  'answerSummary',
  'reminderDate',
  'authority',
  'objectedBefore',
  'objectedOn',
  'grounds',
  'ownGrounds',
  'place',
  'language',
  'bilingual',
] as const;
export type FieldName = (typeof fieldNames)[number];
