import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotFoundError } from '../errors.ts';
import { actorOf } from '../http/authenticate.ts';
import { bodyErrors, errors } from '../http/response-schemas.ts';
import {
  cleanupQuery,
  cleanupReportView,
  cleanupRunView,
  lifecycleSummaryView,
} from './lifecycle-schemas.ts';
import type { LifecycleService } from './lifecycle-service.ts';

const tags = ['lifecycle'];

export function lifecycleRoutes(lifecycle: LifecycleService) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/cleanup',
      {
        schema: {
          tags,
          summary: 'Stale and expired flags grouped by owner, with reasons and ages',
          querystring: cleanupQuery,
          response: { 200: cleanupReportView, ...errors },
        },
      },
      async (request) => {
        const { environment } = request.query;
        if (environment !== undefined && !(await lifecycle.environmentExists(environment))) {
          throw new NotFoundError(`Environment ${environment}`);
        }
        return lifecycle.report(request.query);
      },
    );

    app.post(
      '/cleanup/runs',
      {
        schema: {
          tags,
          summary:
            'Run the cleanup job now: mark flags, notify each owner once; never changes what flags serve',
          response: { 200: cleanupRunView, ...bodyErrors },
        },
      },
      async (request) => {
        // A manual run has no slot, so it always runs.
        const summary = await lifecycle.run({ actor: actorOf(request) });
        if (!summary) throw new Error('a manual cleanup run was not claimed');
        return summary;
      },
    );

    app.get(
      '/lifecycle/summary',
      {
        schema: {
          tags,
          summary: 'How many flags are at each lifecycle stage, per environment',
          response: { 200: lifecycleSummaryView, ...errors },
        },
      },
      async () => lifecycle.summary(),
    );
  };
}
