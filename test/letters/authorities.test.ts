import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  authorities,
  authoritiesOf,
  authorityById,
  leadAuthorityId,
  registeredPost,
} from '../../server/letters/authorities.js';
import { countries, letterLanguages } from '../../server/letters/request.js';
import { projectRoot } from '../../server/paths.js';

/** The data behind complaints and sending advice: complete, and each entry sourced and dated. */

const raw = (name: string) =>
  JSON.parse(readFileSync(join(projectRoot, 'legal', name), 'utf8')) as Record<string, unknown>;

describe('supervisory authorities (legal/authorities.json)', () => {
  it('every entry says where it was seen and when', () => {
    const entries = (raw('authorities.json').authorities as Record<string, unknown>[]) ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(typeof entry.source === 'string' && entry.source.length > 10, String(entry.id)).toBe(
        true,
      );
      expect(String(entry.checked), String(entry.id)).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
    }
  });

  it('has an authority for every EU/EEA country, and the lead one is the Irish DPC', () => {
    for (const country of countries)
      expect(authoritiesOf(country).length, country).toBeGreaterThan(0);
    const lead = authorityById(leadAuthorityId);
    expect(lead.country).toBe('IE');
    expect(lead.addressLines).toEqual(['21 Fitzwilliam Square South', 'Dublin 2', 'D02 RD28']);
    expect(lead.complaintForm).toBe('https://forms.dataprotection.ie/contact');
  });

  it('matches the legal brief’s list: same countries, e-mail addresses and complaint forms', () => {
    const shared = join(projectRoot, '..', 'shared', 'legal', 'authorities.json');
    let brief: {
      authorities: { country: string; email: string | null; complaintForm: string | null }[];
    };
    try {
      brief = JSON.parse(readFileSync(shared, 'utf8'));
    } catch {
      return; // the brief is beside the repository only on a developer's machine
    }
    expect(authorities.map((a) => a.country).sort()).toEqual(
      brief.authorities.map((a) => a.country).sort(),
    );
    for (const a of brief.authorities) {
      const ours = authorities.filter((o) => o.country === a.country);
      expect(
        ours.map((o) => o.email),
        a.country,
      ).toContain(a.email);
      expect(
        ours.map((o) => o.complaintForm),
        a.country,
      ).toContain(a.complaintForm);
    }
  });

  it('each works in at least one language the letters are written in', () => {
    for (const a of authorities) {
      expect(a.languages.length, a.id).toBeGreaterThan(0);
      expect(
        a.languages.some((l) => letterLanguages.includes(l as never)),
        a.id,
      ).toBe(true);
    }
  });

  it('ids are unique', () => {
    expect(new Set(authorities.map((a) => a.id)).size).toBe(authorities.length);
  });
});

describe('registered post (legal/registered-post.json)', () => {
  it('names the service for every EU/EEA country, each entry sourced and dated', () => {
    const entries = (raw('registered-post.json').countries ?? {}) as Record<
      string,
      Record<string, unknown>
    >;
    for (const country of countries) {
      const entry = entries[country];
      expect(entry, country).toBeDefined();
      expect(typeof entry?.source === 'string' && entry.source.length > 10, country).toBe(true);
      expect(String(entry?.checked), country).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(registeredPost[country]?.service.length, country).toBeGreaterThan(3);
    }
  });
});
