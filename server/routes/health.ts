import type { FastifyInstance } from 'fastify';

export function registerHealthRoutes(app: FastifyInstance): void {
  // Everything is loaded before listen(), so a process that answers is ready.
  app.get('/healthz', async () => ({ status: 'ok' }));
}
