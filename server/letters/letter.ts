import { z } from 'zod';
import { letterKinds } from './request.js';

/**
 * The one model of a composed letter. Plain text and PDF are both renderings of this value,
 * so they cannot say different things; the JSON API returns it as it is.
 */

export const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('heading'), text: z.string() }),
  z.object({ type: z.literal('paragraph'), text: z.string() }),
  /** The person's own words, kept exactly as typed (line breaks included). */
  z.object({ type: z.literal('quote'), text: z.string() }),
  /** A notice set apart from the letter's text (the courtesy-translation statement). */
  z.object({ type: z.literal('notice'), text: z.string() }),
  z.object({ type: z.literal('list'), items: z.array(z.string()) }),
]);

/** An all-day event of the deadline kit: the letter's language, a link to the next step. */
export const calendarEventSchema = z.object({
  date: z.iso.date(),
  summary: z.string(),
  description: z.string(),
});

const letterFields = {
  language: z.string(),
  kind: z.enum(letterKinds),
  /** The controller the letter is about: its recipient, except for a complaint. */
  controller: z.object({ id: z.enum(['meta', 'whatsapp']), name: z.string() }),
  /** A complaint's recipient: the supervisory authority, with its own ways to reach it. */
  authority: z
    .object({
      id: z.string(),
      name: z.string(),
      languages: z.array(z.string()),
      website: z.url(),
      complaintForm: z.url().nullable(),
      email: z.string().nullable(),
    })
    .optional(),
  /**
   * A short code derived from what the letter says and its date, never stored: a later letter
   * cites it, and a person can tell letters apart. Same content and date, same reference.
   */
  reference: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  /** The wording that produced the letter (see `wording` in compose.ts). */
  wording: z.object({ version: z.string(), date: z.iso.date() }),
  /** "Reference: … (wording version … of …)", as the letter prints it. */
  referenceLine: z.string(),
  /** Shown to the person only: where to paste the short text. */
  forms: z.array(z.object({ service: z.string(), url: z.url() })),
  title: z.string(),
  sender: z.object({ name: z.string(), lines: z.array(z.string()), email: z.string() }),
  recipient: z.object({ name: z.string(), lines: z.array(z.string()) }),
  date: z.iso.date(),
  placeAndDate: z.string(),
  /** When the recipient's answer is due (none for a complaint: the authority sets its pace). */
  dueDate: z.iso.date().optional(),
  dueDateNote: z.string().optional(),
  subject: z.string(),
  /** The subject with its label, as the letter prints it ("Subject: …", "Objet : …"). */
  subjectLine: z.string(),
  salutation: z.string(),
  body: z.array(blockSchema),
  closing: z.string(),
  signatureLabel: z.string(),
  signatureName: z.string(),
  /** The short text for the controller's own online form: essential sentence first, < 1,000 characters. */
  formText: z.string(),
  /** Due dates to put in a calendar (.ics): none for a complaint. */
  calendar: z.array(calendarEventSchema),
  /** The form, filled in with what is not personal, for the letter that follows this one. */
  nextStep: z.url().optional(),
};

/**
 * One letter to one controller; with the bilingual option, followed by its English courtesy
 * translation (same structure, starting on a new page; the original stays authoritative).
 */
export const letterSchema = z.object({
  ...letterFields,
  courtesyTranslation: z.object(letterFields).optional(),
});

export const letterSetSchema = z.object({
  language: z.string(),
  letters: z.array(letterSchema).min(1),
});

export type Block = z.infer<typeof blockSchema>;
export type CalendarEvent = z.infer<typeof calendarEventSchema>;
export type Letter = z.infer<typeof letterSchema>;
export type LetterSet = z.infer<typeof letterSetSchema>;
