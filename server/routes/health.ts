import type { FastifyInstance } from 'fastify';

/**
 * Liveness and readiness for a load balancer or orchestrator.
 * /healthz: the process answers (never shed under load: restarting a busy process helps no one).
 * /readyz: it should get traffic: not while shedding load, not while closing.
 */
export function registerHealthRoutes(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // pressureHandler returning nothing lets the request through @fastify/under-pressure.
  app.get('/healthz', { config: { pressureHandler: () => undefined } }, async () => ({
    status: 'ok',
  }));
  app.get('/readyz', { config: { pressureHandler: () => undefined } }, async (_request, reply) => {
    if (closing || app.isUnderPressure())
      return reply.code(503).header('retry-after', '10').send({ status: 'unavailable' });
    return { status: 'ready' };
  });
}
