import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/database.js';

export function registerHealthRoutes(app: FastifyInstance, store: Store): void {
  app.get('/healthz', { config: { openapi: false } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { openapi: false } }, async (_req, reply) => {
    try {
      await store.ping();
      return { status: 'ready', database: store.dialect };
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', database: store.dialect, error: (err as Error).message });
    }
  });
}
