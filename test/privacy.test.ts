import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, fullRequest } from './helper.js';

/**
 * Privacy, proven: a whole session of use (form, text page, PDF, API, every kind of error)
 * writes log lines, and none of them holds anything the person typed.
 */

const secrets = {
  name: 'Ottilie Quarzfeld-Vřešťál',
  street: 'Geheimweg 77',
  postcode: '54321',
  city: 'Schattenstadt',
  email: 'ottilie.secret@example.de',
  facebook: 'ottilie.hidden.profile',
  instagram: 'ottilie_insta_secret',
  whatsapp: '+49 1701 234567',
  ownGrounds: 'My unmistakable private reason 8f3e2d.',
  place: 'Nebelhausen',
};
const typed = Object.values(secrets).flatMap((v) => [v, v.replace(/\s/g, '')]);

let app: FastifyInstance;
const logs: string[] = [];
const responses: LightMyRequestResponse[] = [];

beforeAll(async () => {
  app = await buildTestApp({ logs });
  const request = { ...fullRequest(), ...secrets, country: 'DE' };
  const form = (values: Record<string, unknown>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(values))
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
    return params.toString();
  };
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  const jsonHeaders = { 'content-type': 'application/json' };
  const calls = [
    app.inject({ url: '/?lang=fr' }),
    app.inject({
      method: 'POST',
      url: '/letters',
      payload: form({ ...request, format: 'pdf' }),
      headers: formHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/letters',
      payload: form({ ...request, format: 'text' }),
      headers: formHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/letters',
      payload: form({ ...request, format: 'edit' }),
      headers: formHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/letters',
      payload: form({ ...request, email: `${secrets.email}@@`, format: 'pdf' }),
      headers: formHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: JSON.stringify({ ...request, format: 'json' }),
      headers: jsonHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: JSON.stringify({ ...request, format: 'text' }),
      headers: jsonHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: JSON.stringify({ ...request, whatsapp: 'x' }),
      headers: jsonHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: `{"name":"${secrets.name}", oops`,
      headers: jsonHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: JSON.stringify({ ...request, ownGrounds: secrets.ownGrounds.repeat(3000) }),
      headers: jsonHeaders,
    }),
    app.inject({
      method: 'POST',
      url: '/api/letters',
      payload: `name=${secrets.name}`,
      headers: { 'content-type': 'text/csv' },
    }),
    app.inject({ url: `/nothing-here?email=${encodeURIComponent(secrets.email)}` }),
  ];
  for (const call of calls) responses.push(await call);
});
afterAll(() => app.close());

describe('privacy', () => {
  it('a complete use of the app was logged…', () => {
    expect(responses.map((r) => r.statusCode)).toEqual([
      200, 200, 200, 200, 400, 200, 200, 400, 400, 413, 415, 404,
    ]);
    expect(logs.filter((l) => l.includes('request completed'))).toHaveLength(responses.length);
  });

  it('…and no log line holds anything the person typed', () => {
    const all = logs.join('\n');
    for (const value of typed) expect(all, value).not.toContain(value);
    expect(all).not.toMatch(/remoteAddress|user-agent|"url"/);
  });

  it('sets no cookie and lets no cache keep a page or letter', () => {
    for (const res of responses) {
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('error answers never echo what was sent', () => {
    for (const res of responses.filter(
      (r) => r.statusCode >= 400 && String(r.headers['content-type'] ?? '').includes('problem'),
    )) {
      for (const value of typed) expect(res.body).not.toContain(value);
    }
  });

  it('the page says so, and loads nothing from anyone else', async () => {
    const res = await app.inject({ url: '/?lang=en' });
    expect(res.body).toContain('We keep nothing you type.');
    // No script, style, image, font or frame from another origin.
    expect(res.body).not.toMatch(
      /<(script|link|img|iframe|source)\b[^>]*(src|href)="(https?:)?\/\//i,
    );
    expect(res.body).not.toMatch(/url\((https?:)?\/\//i);
  });
});
