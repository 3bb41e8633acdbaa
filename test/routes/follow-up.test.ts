import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, flatten, formBody, fullRequest, pdfPages } from '../helper.js';

/** The result page's deadline kit and proof, and the way back for a reminder and a complaint. */

let app: FastifyInstance;
const logs: string[] = [];
beforeAll(async () => {
  app = await buildTestApp({ logs, env: { PUBLIC_URL: 'https://letters.example.org' } });
});
afterAll(() => app.close());

const post = (values: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: '/letters',
    payload: formBody(values),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const decode = (html: string) =>
  html.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=').replaceAll('&quot;', '"');

const reminder = {
  ...fullRequest({
    kind: 'reminder',
    originalKind: 'combined',
    originalDate: '2026-10-02',
    originalReference: 'K7M2-Q9XD',
    answer: 'none',
  }),
  ui: 'en',
};

describe('result page: proof and deadline kit', () => {
  it('shows the SHA-256 of exactly the PDF its button downloads', async () => {
    const page = await post({ ...fullRequest(), format: 'text', ui: 'en' });
    expect(page.statusCode).toBe(200);
    const shown = page.body.match(/SHA-256 fingerprint of the PDF: ([0-9a-f]{64})/)?.[1];
    expect(shown).toBeDefined();
    const pdf = await post({ ...fullRequest(), format: 'pdf', ui: 'en' });
    expect(sha256(pdf.rawPayload)).toBe(shown);
    expect(pdf.headers['repr-digest']).toBe(
      `sha-256=:${createHash('sha256').update(pdf.rawPayload).digest('base64')}:`,
    );
    // And a second download is the same file, byte for byte.
    const again = await post({ ...fullRequest(), format: 'pdf', ui: 'en' });
    expect(sha256(again.rawPayload)).toBe(shown);
  });

  it('prints the reference on the page and in the PDF', async () => {
    const page = await post({ ...fullRequest(), format: 'text', ui: 'en' });
    const reference = page.body.match(/Reference of this letter: ([0-9A-Z]{4}-[0-9A-Z]{4})/)?.[1];
    expect(reference).toBeDefined();
    const pdf = await post({ ...fullRequest(), format: 'pdf', ui: 'en' });
    const text = flatten((await pdfPages(pdf.rawPayload)).join(' '));
    expect(text).toContain(`Reference: ${reference} (wording version`);
  });

  it('gives the calendar file, named for what it is, parsed by an independent reader', async () => {
    const res = await post({ ...fullRequest(), format: 'ics', ui: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(
      'filename="gdpr-deadlines-meta-whatsapp-2026-11-29.ics"',
    );
    const events = new ICAL.Component(ICAL.parse(res.body)).getAllSubcomponents('vevent');
    expect(events.map((e) => String(e.getFirstPropertyValue('dtstart')))).toEqual([
      '2026-12-29',
      '2027-02-28',
      '2026-12-29',
      '2027-02-28',
    ]);
    expect(String(events[0]?.getFirstPropertyValue('description'))).toContain(
      'https://letters.example.org/?kind=reminder',
    );
  });

  it('advises registered post by its name in the sender’s country, and links to the reminder', async () => {
    const page = await post({ ...fullRequest(), format: 'text', ui: 'en' });
    expect(page.body).toContain(
      'In Poland, ask for: “list polecony za potwierdzeniem odbioru” (Poczta Polska).',
    );
    const links = [
      ...decode(page.body).matchAll(/href="(https:\/\/letters\.example\.org\/\?[^"]+)"/g),
    ].map((m) => m[1] ?? '');
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link).toContain('kind=reminder');
      expect(link).toContain('originalDate=2026-11-29');
      // Nothing personal travels in a link that reaches the server.
      expect(link).not.toMatch(/ukasz|Marsza|example\.pl|48600/);
    }
    expect(page.body).toContain('No answer by 29 December 2026, or not enough? Write a reminder');
    expect(page.body).toContain('Add the due date to my calendar (.ics)');
  });
});

describe('coming back: the form filled in from a link', () => {
  it('fills in what is not personal, and never a name or an address', async () => {
    const res = await app.inject({
      url: '/?kind=reminder&originalKind=objection&originalDate=2026-10-02&originalReference=K7M2-Q9XD&services=instagram&services=threads&language=fr&name=Mallory&street=Evil',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/id="kind-reminder" value="reminder" checked/);
    expect(res.body).toMatch(/id="originalKind-objection" value="objection" checked/);
    expect(res.body).toContain('value="2026-10-02"');
    expect(res.body).toContain('value="K7M2-Q9XD"');
    expect(res.body).toMatch(/id="services-instagram" value="instagram" checked/);
    expect(res.body).toMatch(/id="services-threads" value="threads" checked/);
    expect(res.body).toMatch(/<option value="fr" lang="fr" selected>/);
    expect(res.body).not.toContain('Mallory');
    expect(res.body).not.toContain('Evil');
  });

  it('a reminder too early is refused with the date the month ends, and everything kept', async () => {
    const res = await post({ ...reminder, originalDate: '2026-11-02', format: 'text' });
    expect(res.statusCode).toBe(400);
    // 2 November + one month = 2 December, plus ten days for delivery.
    expect(res.body).toContain(
      'Date of your first letter: without the date Meta received your letter, you can write a reminder or a complaint from 12 December 2026, to allow for delivery.',
    );
    expect(res.body).toContain('value="2026-11-02"');
    expect(res.body).toContain('value="K7M2-Q9XD"');
  });

  it('a reminder, then a complaint, each with its own next step', async () => {
    const page = await post({ ...reminder, format: 'text' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The reminder asks for an answer by 13 December 2026');
    const next = decode(page.body).match(
      /href="(https:\/\/letters\.example\.org\/\?[^"]*kind=complaint[^"]*)"/,
    )?.[1];
    expect(next).toBeDefined();
    const url = new URL(next ?? '');
    expect(url.searchParams.get('reminderDate')).toBe('2026-11-29');
    expect(url.searchParams.get('originalReference')).toBe('K7M2-Q9XD');

    const complaint = await post({
      ...reminder,
      kind: 'complaint',
      reminderDate: '2026-11-15',
      authority: 'pl',
      format: 'text',
    });
    expect(complaint.statusCode).toBe(200);
    expect(complaint.body).toContain(
      'Complaint to Urząd Ochrony Danych Osobowych about Meta Platforms Ireland Limited',
    );
    expect(complaint.body).toContain('kancelaria@uodo.gov.pl');
    // The authority works in Polish: the complaint can be had in Polish in one click.
    expect(complaint.body).toMatch(/<button type="submit" name="language" value="pl">[^<]*Polski/);
    expect(complaint.body).not.toContain('Add the due date to my calendar');
  });

  it('the complaint PDF is addressed to the authority, and names the controller', async () => {
    const res = await post({ ...reminder, kind: 'complaint', authority: 'ie', format: 'pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      'gdpr-complaint-ie-meta-whatsapp-2026-11-29.pdf',
    );
    const text = flatten((await pdfPages(res.rawPayload)).join(' '));
    expect(text).toContain('Data Protection Commission');
    expect(text).toContain('21 Fitzwilliam Square South');
    expect(text).toContain(
      'Complaint under Article 77 GDPR against Meta Platforms Ireland Limited',
    );
  });

  it('the API gives the calendar too, and a PDF with its digest', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: { ...fullRequest(), format: 'calendar' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body).toContain('BEGIN:VEVENT');
    const byAccept = await app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: fullRequest(),
      headers: { accept: 'text/calendar' },
    });
    expect(byAccept.body).toBe(res.body);
  });

  it('logs none of it', () => {
    const all = logs.join('\n');
    for (const secret of ['ukasz', 'Marsza', 'lukasz.zolc', 'K7M2-Q9XD', '2026-10-02', '48600'])
      expect(all).not.toContain(secret);
  });
});
