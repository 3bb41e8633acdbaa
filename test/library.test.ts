import { describe, expect, it } from 'vitest';
import { createLetterMaker, letterLanguages } from '../server/index.js';
import { flatten, pdfPages } from './helper.js';

describe('the domain as a library', () => {
  it('validates, composes and renders without HTTP', async () => {
    const maker = await createLetterMaker({ timeZone: 'Europe/Dublin' });
    expect(letterLanguages).toContain('ga');
    const bad = maker.validate({ services: ['instagram'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(maker.messages(bad.issues, 'de').map((m) => m.field)).toContain('instagram');
    const good = maker.validate({
      services: ['instagram'],
      instagram: '@sean',
      name: 'Seán Ó Briain',
      street: '1 Sráid',
      postcode: 'D02 X285',
      city: 'Baile Átha Cliath',
      country: 'IE',
      email: 'sean@example.ie',
      grounds: ['imitation'],
      language: 'ga',
    });
    expect(good.ok).toBe(true);
    if (!good.ok) return;
    const set = maker.compose(good.request, new Date('2026-11-29T10:00:00Z'));
    expect(maker.renderText(set)).toContain('Seán Ó Briain');
    expect(flatten((await pdfPages(await maker.renderPdf(set, good.request))).join(' '))).toContain(
      'Seán Ó Briain',
    );
  });
});
