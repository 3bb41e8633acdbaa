/**
 * The letter domain as a library: the same code the server and the command line use.
 *
 *   import { createLetterMaker } from 'gdpr-meta-ai-letters';
 *   const maker = await createLetterMaker();
 *   const result = maker.validate({ services: ['instagram'], ... });
 *   if (result.ok) {
 *     const set = maker.compose(result.request, new Date());
 *     const pdf = await maker.renderPdf(set, result.request);
 *   }
 */
import { fieldMessages } from './field-messages.js';
import { loadLocalisation } from './i18n.js';
import type { PdfRendererOptions } from './letters/pdf.js';
import { createLetterService, type LetterService } from './letters/service.js';
import { projectRoot } from './paths.js';

export { interpolate } from './letters/compose.js';
export { addMonths, formatLongDate } from './letters/dates.js';
export type { Block, Letter, LetterSet } from './letters/letter.js';
export { letterSchema, letterSetSchema } from './letters/letter.js';
export type { Controller } from './letters/recipients.js';
export { controllers, controllersFor } from './letters/recipients.js';
export type {
  LetterKind,
  LetterLanguage,
  LetterRequest,
  LetterRequestInput,
  Service,
} from './letters/request.js';
export {
  countries,
  groundIds,
  letterKinds,
  letterLanguages,
  letterRequestSchema,
  outputFormats,
  services,
} from './letters/request.js';
export type { FieldIssue, LetterService, Validation } from './letters/service.js';
export { renderLetterSetText, renderLetterText } from './letters/text.js';

export interface LetterMaker extends LetterService {
  /** A sentence per invalid field, naming it and what to fix, in `language` (default English). */
  messages(
    issues: import('./letters/service.js').FieldIssue[],
    language?: string,
  ): { field: string; code: string; message: string }[];
}

/**
 * Loads locales, templates and fonts once (about a second); the maker then validates,
 * composes and renders without I/O. Letters are dated in `timeZone` (default Europe/Brussels);
 * calendar files link to `publicUrl` (default http://localhost:3000/); `pdf` chooses worker
 * threads for PDFs (default: on the calling thread; call `close()` when done with threads).
 */
export async function createLetterMaker(
  options: { timeZone?: string; publicUrl?: string; pdf?: PdfRendererOptions } = {},
): Promise<LetterMaker> {
  const localisation = await loadLocalisation(projectRoot);
  const service = createLetterService(
    projectRoot,
    localisation.i18n,
    options.timeZone ?? 'Europe/Brussels',
    { publicUrl: options.publicUrl, pdf: options.pdf },
  );
  return {
    ...service,
    messages: (issues, language = 'en') =>
      fieldMessages(issues, localisation.i18n.getFixedT(language, 'ui')),
  };
}
