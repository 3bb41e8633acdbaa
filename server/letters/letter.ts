import { z } from 'zod';

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

const letterFields = {
  language: z.string(),
  controller: z.object({ id: z.enum(['meta', 'whatsapp']), name: z.string() }),
  /** Shown to the person only: where to paste the short text. */
  forms: z.array(z.object({ service: z.string(), url: z.url() })),
  title: z.string(),
  sender: z.object({ name: z.string(), lines: z.array(z.string()), email: z.string() }),
  recipient: z.object({ name: z.string(), lines: z.array(z.string()) }),
  date: z.iso.date(),
  placeAndDate: z.string(),
  dueDate: z.iso.date(),
  dueDateNote: z.string(),
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
export type Letter = z.infer<typeof letterSchema>;
export type LetterSet = z.infer<typeof letterSetSchema>;
