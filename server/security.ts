import { createHash, randomBytes } from 'node:crypto';
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/**
 * Security headers, rate limiting and load shedding. Registered before the routes.
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  // A strict policy: only our own scripts, styles and API; no inline code, no frames.
  // The form posts to us; the links to Meta's forms are plain navigation.
  const headers = await helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: { policy: 'require-corp' },
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.addHook('onSend', async (_request, reply) => {
    // Deny every powerful feature; the copy buttons need only clipboard writes from our page.
    reply.header(
      'permissions-policy',
      'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=(), clipboard-read=(), clipboard-write=(self)',
    );
    // Every 503 means "busy, ask again": load shedding, or a PDF thread busy or replaced.
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after'))
      reply.header('retry-after', '10');
  });

  await app.register(fastifyUnderPressure, {
    maxEventLoopDelay: config.pressure.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.pressure.maxHeapUsedBytes,
    retryAfter: 10,
  });

  if (config.rateLimit.max > 0) {
    // Clients are counted by a salted hash of their address, never the address itself;
    // the salt is new in every process and never leaves it.
    const salt = randomBytes(16);
    await app.register(fastifyRateLimit, {
      // One budget per client across every route that makes letters; reading pages is free.
      global: true,
      allowList: (request) =>
        !(request.method === 'POST' && letterRoutes.has(request.routeOptions.url ?? '')),
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowMs,
      keyGenerator: (request) =>
        createHash('sha256').update(salt).update(request.ip).digest('base64url'),
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      addHeaders: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
        'retry-after': true,
      },
    });
  }
}

/**
 * The headers @fastify/helmet sets with these options. The plugin builds helmet's
 * middleware again for every request (parsing the options each time: a fifth of the cost of
 * /healthz, ~5 % of a text letter). Ours hold no per-request part (no CSP nonces), so helmet
 * computes them once, on a probe instance, and a hook sets the same headers on every reply.
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(fastifyHelmet, options);
  probe.get('/', async () => '');
  const response = await probe.inject('/');
  await probe.close();
  const perResponse = new Set(['content-type', 'content-length', 'date', 'connection']);
  return Object.fromEntries(
    Object.entries(response.headers)
      .filter(([name]) => !perResponse.has(name))
      .map(([name, value]) => [name, String(value)]),
  );
}

/** The routes that make letters: the costly ones, which the rate limit counts. */
const letterRoutes = new Set(['/letters', '/api/letters']);
