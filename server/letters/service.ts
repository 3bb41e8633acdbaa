import type { i18n as I18n } from 'i18next';
import { type Composer, createComposer } from './compose.js';
import { calendarDate } from './dates.js';
import type { LetterSet } from './letter.js';
import { createPdfRenderer, type PdfRenderer, type PdfRendererOptions } from './pdf.js';
import { type FieldName, fieldNames, type LetterRequest, letterRequestSchema } from './request.js';
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
  validate(input: unknown): Validation;
  compose(request: LetterRequest, now: Date): LetterSet;
  renderPdf(set: LetterSet, request: LetterRequest): Promise<Buffer>;
  renderText(set: LetterSet): string;
  /** An ASCII file name such as gdpr-objection-meta-whatsapp-2026-11-29.pdf. */
  fileName(request: LetterRequest, set: LetterSet, extension: 'pdf' | 'txt' | 'json'): string;
  /** Resolves once PDFs can be made (worker threads started). */
  ready(): Promise<void>;
  /** Stops the PDF worker threads, if any, after the PDFs under way. */
  close(): Promise<void>;
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
  'place',
  'ownGrounds',
] as const;

export function createLetterService(
  root: string,
  i18n: I18n,
  letterTimeZone: string,
  /** A started renderer, or how to start one (default: typeset on the calling thread). */
  pdfRenderer: PdfRenderer | PdfRendererOptions = {},
): LetterService {
  const composer: Composer = createComposer(root, i18n);
  const pdf: PdfRenderer = 'render' in pdfRenderer ? pdfRenderer : createPdfRenderer(pdfRenderer);

  return {
    validate(input) {
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
        return { ok: false, issues };
      }
      const request = parsed.data;
      const issues: FieldIssue[] = [];
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
      return issues.length > 0 ? { ok: false, issues } : { ok: true, request };
    },
    compose: (request, now) => composer.compose(request, calendarDate(now, letterTimeZone)),
    renderPdf: (set, request) => pdf.render(set, request.name),
    renderText: renderLetterSetText,
    fileName(request, set, extension) {
      const controllers = set.letters.map((l) => l.controller.id).join('-');
      const date = set.letters[0]?.date ?? '';
      return `gdpr-${request.kind}-${controllers}-${date}.${extension}`;
    },
    ready: () => pdf.ready(),
    close: () => pdf.close(),
  };
}
