import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, flatten, formBody, fullRequest, pdfPages } from '../helper.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const post = (values: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/letters',
    payload: formBody(values),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });

describe('GET /', () => {
  it('shows the form in English by default', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('<form method="post" action="/letters"');
    expect(res.body).toContain('We keep nothing you type.');
  });

  it('follows the browser’s Accept-Language, and ?lang= over it', async () => {
    const fr = await app.inject({
      url: '/',
      headers: { 'accept-language': 'fr-BE,fr;q=0.9,en;q=0.5' },
    });
    expect(fr.body).toContain('<html lang="fr">');
    expect(fr.body).toContain('Nous ne conservons rien de ce que vous saisissez.');
    const en = await app.inject({ url: '/?lang=en', headers: { 'accept-language': 'fr' } });
    expect(en.body).toContain('<html lang="en">');
    const unknown = await app.inject({
      url: '/?lang=xx',
      headers: { 'accept-language': 'ja, fr;q=0.1' },
    });
    expect(unknown.body).toContain('<html lang="fr">');
  });

  it('links to every interface language, named in itself', async () => {
    const res = await app.inject({ url: '/?lang=fr' });
    expect(res.body).toContain('<a href="/?lang=en" hreflang="en" lang="en">English</a>');
    expect(res.body).toContain(
      '<a href="/?lang=fr" hreflang="fr" lang="fr" aria-current="true">Français</a>',
    );
  });

  it('preselects the letter language of the page', async () => {
    const res = await app.inject({ url: '/?lang=fr' });
    expect(res.body).toMatch(/<option value="fr" lang="fr" selected>Français<\/option>/);
  });
});

describe('POST /letters', () => {
  it('answers a complete form with the PDF download', async () => {
    const res = await post({ ...fullRequest(), format: 'pdf', ui: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="gdpr-combined-meta-whatsapp-2026-11-29.pdf"; filename*=UTF-8''gdpr-combined-meta-whatsapp-2026-11-29.pdf`,
    );
    const text = flatten((await pdfPages(res.rawPayload)).join(' '));
    expect(text).toContain('Łukasz Żółć');
    expect(text).toContain('WhatsApp Ireland Limited');
  });

  it('shows the text page with each letter, the short form text and the official forms', async () => {
    const res = await post({ ...fullRequest({ language: 'fr' }), format: 'text', ui: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Letter to Meta Platforms Ireland Limited');
    expect(res.body).toContain('Letter to WhatsApp Ireland Limited');
    expect(res.body).toContain('Madame, Monsieur,');
    expect(res.body).toContain('https://www.facebook.com/help/contact/712876720715583');
    expect(res.body).toContain('https://help.instagram.com/contact/767264225370182');
    expect(res.body).toContain('https://www.whatsapp.com/contact/forms/382532939919295/');
    expect(res.body).toContain(
      'The letter asks for an answer by 29 December 2026, one month from its date.',
    );
    expect(res.body).toMatch(/class="form-text" readonly rows="6" lang="fr">Je m&#x27;oppose/);
    // The copy buttons only appear with JavaScript; without it the text is selectable.
    expect(res.body).toMatch(
      /<button type="button" class="copy" data-copy="letter-0-text" hidden>/,
    );
    expect(res.body).toContain('<script src="/public/app.js" defer></script>');
  });

  it('carries the answers to the PDF button and back to the form, without storing them', async () => {
    const page = await post({ ...fullRequest(), format: 'text', ui: 'en' });
    expect(page.body).toContain('<input type="hidden" name="name" value="Łukasz Żółć">');
    expect(page.body).toContain('<input type="hidden" name="services" value="instagram">');
    const back = await post({ ...fullRequest(), format: 'edit', ui: 'en' });
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('value="Łukasz Żółć"');
    expect(back.body).toMatch(/id="services-whatsapp" value="whatsapp" checked/);
  });

  it('sends a broken form back with a message per field, in the page language, and keeps every value', async () => {
    const typed = {
      ui: 'fr',
      kind: 'objection',
      services: ['facebook', 'whatsapp'],
      name: 'Ana <b>María</b> {{name}}',
      street: '',
      postcode: '75001',
      city: 'Paris',
      country: 'FR',
      email: 'ana@@example',
      facebook: 'ana.maria',
      whatsapp: '06 12',
      ownGrounds: 'Mes raisons\nsur deux lignes',
      format: 'pdf',
    };
    const res = await post(typed);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const body = res.body;
    expect(body).toContain('Veuillez corriger 3 problèmes dans le formulaire');
    expect(body).toContain(
      '<a href="#street">Numéro et rue : ce champ est obligatoire. Veuillez le remplir.</a>',
    );
    expect(body).toContain('Adresse électronique : indiquez l&#x27;adresse de votre compte');
    expect(body).toContain('Numéro WhatsApp : indiquez-le au format international');
    expect(body).toMatch(
      /<input id="email" name="email" type="email" value="ana@@example"[^>]*aria-describedby="email-hint email-error" aria-invalid="true"/,
    );
    // Everything typed is back, escaped as text.
    expect(body).toContain('value="Ana &lt;b&gt;María&lt;/b&gt; {{name}}"');
    expect(body).toContain('value="ana.maria"');
    expect(body).toContain('value="06 12"');
    expect(body).toContain('>Mes raisons\nsur deux lignes</textarea>');
    expect(body).toMatch(/id="kind-objection" value="objection" checked/);
    expect(body).toMatch(/id="services-facebook" value="facebook" checked/);
    expect(body).toMatch(/<option value="FR" selected>France<\/option>/);
    expect(body).not.toContain('<b>María</b>');
  });

  it('names an empty form’s every problem', async () => {
    const res = await post({ ui: 'en', format: 'pdf' });
    expect(res.statusCode).toBe(400);
    for (const message of [
      'Services: tick at least one service',
      'Full name: this is required.',
      'Street and number: this is required.',
      'Postcode: this is required.',
      'Town or city: this is required.',
      'Country: choose your country from the list.',
      'Email address of your account: this is required.',
      'Your situation: an objection needs reasons',
    ]) {
      expect(res.body).toContain(message);
    }
  });

  it('accepts the CRLF line breaks browsers send from a textarea', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/letters',
      payload: `${formBody({ ...fullRequest(), format: 'text', ui: 'en', ownGrounds: undefined })}&ownGrounds=Line+one%0D%0ALine+two`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Line one\nLine two');
  });

  it('explains characters the letter cannot print', async () => {
    const res = await post({ ...fullRequest({ name: 'Mei 李' }), ui: 'en', format: 'pdf' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Full name contains characters the letter cannot print: 李.');
  });

  it('answers nonsense in the form with the form, never a server error', async () => {
    for (const payload of [
      'services[]=x&&&',
      '%%%',
      `a=${'b'.repeat(1000)}`,
      'format=pdf&services=facebook&services=facebook&name=',
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/letters',
        payload,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });
});

describe('other pages', () => {
  it('answers an unknown page with 404 in the person’s language', async () => {
    const res = await app.inject({ url: '/nope', headers: { 'accept-language': 'fr' } });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Cette page n&#x27;existe pas.');
  });

  it('serves the stylesheet and script from our own origin', async () => {
    for (const url of ['/public/style.css', '/public/app.js']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('reports health', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
