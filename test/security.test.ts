import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, fullRequest } from './helper.js';

describe('security headers, on every response', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it.each(['/', '/?lang=fr', '/public/style.css', '/nope', '/healthz'])('%s', async (url) => {
    const res = await app.inject({ url });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['permissions-policy']).toContain('camera=()');
    expect(res.headers['permissions-policy']).toContain('geolocation=()');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('no page holds inline script or style, which the policy would block', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.body).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/i);
  });

  it('answers /readyz while it can take traffic', async () => {
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });
});

describe('rate limit', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ env: { RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' } });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After and a message in the person’s language', async () => {
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/api/letters',
        payload: { ...fullRequest(), format: 'json' },
        headers: { 'accept-language': 'fr' },
      });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(limited.json().detail).toContain('Trop de demandes');
    // Reading the page is never limited.
    expect((await app.inject({ url: '/' })).statusCode).toBe(200);
  });

  it('limits the form too, answering with a page', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/letters',
      payload: 'ui=en',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('Too many requests from your connection.');
  });
});

describe('load shedding', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // A heap limit of one byte: the process is always "under pressure".
    app = await buildTestApp({ env: { MAX_HEAP_USED_BYTES: '1' } });
    // @fastify/under-pressure samples memory on a timer; wait for the first sample.
    await new Promise((resolve) => setTimeout(resolve, 1200));
  });
  afterAll(() => app.close());

  it('answers 503 with Retry-After instead of queueing, but stays alive', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/letters', payload: fullRequest() });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.json().detail).toBe(
      'The service is very busy right now. Nothing you typed was kept. Please try again in a minute.',
    );
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(503);
  });
});
