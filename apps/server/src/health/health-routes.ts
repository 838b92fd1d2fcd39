import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';

const status = z.object({ status: z.string() });

export function healthRoutes(database: Database) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/healthz',
      {
        config: { access: 'public' },
        schema: { tags: ['health'], summary: 'The process is up', response: { 200: status } },
      },
      async () => ({ status: 'ok' }),
    );
    app.get(
      '/readyz',
      {
        config: { access: 'public' },
        schema: { tags: ['health'], summary: 'The database answers', response: { 200: status, 503: status } },
      },
      async (request, reply) => {
        try {
          await database.ping();
          return { status: 'ready' };
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed');
          return reply.status(503).send({ status: 'database unavailable' });
        }
      },
    );
  };
}
