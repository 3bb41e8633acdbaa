import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths.js';

/**
 * The supervisory authorities a person can complain to (Art. 77 GDPR), and how to post a
 * letter with proof of delivery in each country: data in legal/, each entry with its source
 * and the date it was checked (test/letters/authorities.test.ts fails when one lacks them).
 */

const sourced = { source: z.string().min(10), checked: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/) };

const authoritySchema = z.object({
  id: z.string().regex(/^[a-z]{2}(-[a-z]+)?$/),
  /** ISO 3166-1 alpha-2. */
  country: z.string().length(2),
  /** The authority's own name, in its own language: how a letter addresses it. */
  name: z.string().min(3),
  nameEn: z.string().min(3),
  addressLines: z.array(z.string().min(1)).min(2),
  /** Letter languages the authority works in (the first is its main one). */
  languages: z.array(z.string().length(2)).min(1),
  email: z.string().nullable(),
  website: z.url(),
  complaintForm: z.url().nullable(),
  note: z.string().nullable(),
  ...sourced,
});

const registeredPostSchema = z.object({
  operator: z.string().nullable(),
  /** The local name of a registered letter with advice of delivery. */
  service: z.string().min(3),
  note: z.string().optional(),
  ...sourced,
});

export type Authority = z.infer<typeof authoritySchema>;
export type RegisteredPost = z.infer<typeof registeredPostSchema>;

const readLegal = (name: string): unknown =>
  JSON.parse(readFileSync(join(projectRoot, 'legal', name), 'utf8'));

export const authorities: readonly Authority[] = z
  .object({ authorities: z.array(authoritySchema).min(1) })
  .parse(readLegal('authorities.json')).authorities;

export const registeredPost: Readonly<Record<string, RegisteredPost>> = z
  .object({ countries: z.record(z.string().length(2), registeredPostSchema) })
  .parse(readLegal('registered-post.json')).countries;

/** The Irish Data Protection Commission: lead supervisory authority for both controllers. */
export const leadAuthorityId = 'ie';

export const authorityIds = authorities.map((a) => a.id) as [string, ...string[]];

export function authorityById(id: string): Authority {
  const authority = authorities.find((a) => a.id === id);
  if (!authority) throw new Error(`no supervisory authority "${id}" in legal/authorities.json`);
  return authority;
}

/** The authorities of a country (Germany has more than one), the lead one if none. */
export function authoritiesOf(country: string): Authority[] {
  return authorities.filter((a) => a.country === country);
}
