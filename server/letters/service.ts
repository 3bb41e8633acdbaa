import type { i18n as I18n } from 'i18next';
import { renderCalendar } from './calendar.js';
import { type Composer, createComposer } from './compose.js';
import { addDays, answerPeriodEnd, calendarDate } from './dates.js';
import type { LetterSet } from './letter.js';
import { createPdfRenderer, type PdfRenderer, type PdfRendererOptions } from './pdf.js';
import {
  dateFields,
  type FieldName,
  fieldNames,
  type LetterRequest,
  letterRequestSchema,
} from './request.js';
import { renderLetterSetText } from './text.js';

/**
 * What the routes, and anything else that makes letters, call: validate, compose, render.
 * Built once at start-up (templates compiled, fonts parsed); no HTTP in here.
 */

export interface FieldIssue {
  field: FieldName;
  /** A message code from request.ts ("required", "invalid", ...) or "unsupportedCharacters". */
  code: string;
  /** Values the message needs: a maximum length, the characters that cannot be printed. */
  params: Record<string, string | number>;
}

export type Validation = { ok: true; request: LetterRequest } | { ok: false; issues: FieldIssue[] };

export interface LetterService {
  /**
   * Checks what a person sent. `now` decides whether the month a reminder or a complaint
   * waits for is over (in the letters' time zone); it defaults to the clock.
   */
  validate(input: unknown, now?: Date): Validation;
  compose(request: LetterRequest, now: Date): LetterSet;
  renderPdf(set: LetterSet, request: LetterRequest): Promise<Buffer>;
  renderText(set: LetterSet): string;
  /**
   * The plain text of the letters `request` asks for: `renderText(compose(request, now))`,
   * made from plans kept per request shape, without composing (server/letters/text-plan.ts).
   */
  text(request: LetterRequest, now: Date): string;
  /** The deadline kit: the letters' due dates as an iCalendar file (RFC 5545). */
  renderCalendar(set: LetterSet): string;
  /** An ASCII file name such as gdpr-objection-meta-whatsapp-2026-11-29.pdf. */
  fileName(
    request: LetterRequest,
    set: LetterSet,
    extension: 'pdf' | 'txt' | 'json' | 'ics',
  ): string;
  /** Resolves once PDFs can be made (worker threads started). */
  ready(): Promise<void>;
  /** Stops the PDF worker threads, if any, after the PDFs under way. */
  close(): Promise<void>;
}

/**
 * Days allowed for a letter to reach the controller when the person does not know when it
 * did (post within the EU/EEA to Ireland): only then may a reminder say the month is over.
 */
export const deliveryDays = 10;

export interface LetterServiceOptions {
  /** The page's own address, for links in calendar events. */
  publicUrl?: string;
  /** A started PDF renderer, or how to start one (default: typeset on the calling thread). */
  pdf?: PdfRenderer | PdfRendererOptions;
}

/** Fields whose text is printed in the letter, checked against the font. */
const printedFields = [
  'name',
  'street',
  'postcode',
  'city',
  'email',
  'facebook',
  'instagram',
  'messenger',
  'threads',
  'place',
  'ownGrounds',
  'originalReference',
  'answerSummary',
] as const;

export function createLetterService(
  root: string,
  i18n: I18n,
  letterTimeZone: string,
  options: LetterServiceOptions = {},
): LetterService {
  const composer: Composer = createComposer(root, i18n, options);
  const pdfOption = options.pdf ?? {};
  const pdf: PdfRenderer = 'render' in pdfOption ? pdfOption : createPdfRenderer(pdfOption);

  return {
    validate(input, now = new Date()) {
      const today = calendarDate(now, letterTimeZone);
      const parsed = letterRequestSchema.safeParse(input ?? {});
      if (!parsed.success) {
        const issues: FieldIssue[] = [];
        for (const issue of parsed.error.issues) {
          const field = issue.path[0];
          if (!fieldNames.includes(field as FieldName)) continue;
          // One message per field: the first problem is the one to fix first.
          if (issues.some((i) => i.field === field)) continue;
          const params: Record<string, number> = {};
          if (issue.code === 'too_big' && typeof issue.maximum === 'number')
            params.max = issue.maximum;
          issues.push({ field: field as FieldName, code: issue.message, params });
        }
        // Every problem at once: dates in the future too, where the date itself is valid.
        const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<
          string,
          unknown
        >;
        for (const field of futureDates(raw, today))
          if (!issues.some((i) => i.field === field))
            issues.push({ field, code: 'dateInFuture', params: {} });
        return { ok: false, issues };
      }
      const request = parsed.data;
      const issues: FieldIssue[] = [];
      const given: Record<string, unknown> = {
        objectedOn: request.objectedOn,
        ...request.followUp,
      };
      for (const field of futureDates(given, today))
        issues.push({ field, code: 'dateInFuture', params: {} });
      for (const field of printedFields) {
        const value = request[field];
        if (typeof value !== 'string') continue;
        const missing = pdf.missingGlyphs(value);
        if (missing.length > 0) {
          issues.push({
            field,
            code: 'unsupportedCharacters',
            params: { characters: missing.join(' ') },
          });
        }
      }
      // A reminder or a complaint says that the month of Art. 12(3) has expired: it must have.
      // It runs from receipt; without that date, from the letter's own, plus time for delivery.
      if (request.followUp && issues.length === 0) {
        const { receivedOn, originalDate } = request.followUp;
        if (receivedOn) {
          const end = answerPeriodEnd(receivedOn);
          if (today <= end)
            issues.push({ field: 'receivedOn', code: 'periodNotOver', params: { date: end } });
        } else {
          const from = addDays(answerPeriodEnd(originalDate), deliveryDays);
          if (today < from)
            issues.push({
              field: 'originalDate',
              code: 'periodNotOverUnknown',
              params: { date: from },
            });
        }
      }
      return issues.length > 0 ? { ok: false, issues } : { ok: true, request };
    },
    compose: (request, now) => composer.compose(request, calendarDate(now, letterTimeZone)),
    renderPdf: (set, request) => pdf.render(set, { name: request.name, typed: typed(request) }),
    renderText: renderLetterSetText,
    text: (request, now) => composer.text(request, calendarDate(now, letterTimeZone)),
    renderCalendar,
    fileName(request, set, extension) {
      const controllers = set.letters.map((l) => l.controller.id).join('-');
      const date = set.letters[0]?.date ?? '';
      const authority =
        request.followUp && request.kind === 'complaint' ? `${request.followUp.authority}-` : '';
      const what = extension === 'ics' ? 'deadlines' : request.kind;
      return `gdpr-${what}-${authority}${controllers}-${date}.${extension}`;
    },
    ready: () => pdf.ready(),
    close: () => pdf.close(),
  };
}

/**
 * Every value a person typed or chose, as text (the PDF's shared caches keep none of them).
 * All of the request's strings, choices from lists included: a few more words shaped
 * per document cost nothing, a forgotten field would be kept.
 */
function typed(request: LetterRequest): string[] {
  const values: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(request);
  return values;
}

/** The date fields of `values` that hold a valid date after `today`. */
function futureDates(values: Record<string, unknown>, today: string): FieldName[] {
  return dateFields.filter((field) => {
    const value = values[field];
    return (
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) && value.trim() > today
    );
  });
}
