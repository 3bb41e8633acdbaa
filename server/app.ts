import { join } from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { Config } from './config.js';
import { loadLocalisation } from './i18n.js';
import type { PdfRenderer } from './letters/pdf.js';
import { createLetterService } from './letters/service.js';
import { createPages } from './pages/render.js';
import { projectRoot } from './paths.js';
import { registerApiRoutes } from './routes/api.js';
import { registerDocsRoutes } from './routes/docs.js';
import { registerErrorHandling } from './routes/errors.js';
import { registerFormRoutes } from './routes/form.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerSecurity } from './security.js';

export interface AppOptions {
  /** Fastify's logger option: main.ts passes pino options, tests a stream to read. */
  logger?: FastifyServerOptions['logger'];
  /** The clock that dates letters; tests fix it. */
  now?: () => Date;
  /** PDF renderer already started (main.ts starts its threads early); else one from config. */
  pdf?: PdfRenderer;
}

/**
 * The whole app. Everything slow (locales, templates, fonts) is loaded here, once,
 * before the first request.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Fastify's own request logs carry the full URL and the client's address; ours
    // (routes/errors.ts) carry method, path, status and time, and nothing a person typed.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: config.trustProxy,
  });
  // Slow-loris: a client must send all request headers within 15 s.
  app.server.headersTimeout = 15_000;

  const localisation = await loadLocalisation(projectRoot);
  const letters = createLetterService(projectRoot, localisation.i18n, config.letterTimeZone, {
    publicUrl: config.publicUrl,
    pdf: options.pdf ?? config.pdf,
  });
  // The PDF threads stop after the server has answered the requests under way.
  app.addHook('onClose', async () => {
    await letters.close();
  });
  const pages = createPages(projectRoot, localisation);
  const deps: AppDeps = {
    localisation,
    letters,
    pages,
    now: options.now ?? (() => new Date()),
  };

  await registerSecurity(app, config);

  await app.register(fastifyFormbody);
  await app.register(fastifyStatic, {
    root: join(projectRoot, 'public'),
    prefix: '/public/',
    index: false,
    // Static files hold nothing personal; let browsers keep them for a day.
    maxAge: '1d',
  });
  registerErrorHandling(app, deps);
  registerHealthRoutes(app);
  registerFormRoutes(app, deps);
  registerApiRoutes(app, deps);
  registerDocsRoutes(app, deps);
  // The PDF threads parsed their fonts while the rest loaded; the first letter need not wait.
  await letters.ready();
  return app;
}

export type AppDeps = {
  localisation: Awaited<ReturnType<typeof loadLocalisation>>;
  letters: ReturnType<typeof createLetterService>;
  pages: ReturnType<typeof createPages>;
  now: () => Date;
};
