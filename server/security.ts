import { createHash, randomBytes } from 'node:crypto';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';

/**
 * Security headers, rate limiting and load shedding. Registered before the routes.
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  // A strict policy: only our own scripts, styles and API; no inline code, no frames.
  // The form posts to us; the links to Meta's forms are plain navigation.
  await app.register(fastifyHelmet, {
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

/** The routes that make letters: the costly ones, which the rate limit counts. */
const letterRoutes = new Set(['/letters', '/api/letters']);
