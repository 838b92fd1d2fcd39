import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FlagsService } from '../flags/flags-service.ts';
import { actorOf } from '../http/authenticate.ts';
import { errorResponse } from '../http/common-schemas.ts';
import { bodyErrors, errors } from '../http/response-schemas.ts';
import {
  listPlansQuery,
  planDetailView,
  planParams,
  planView,
  rollbackBody,
  startPlanBody,
  suggestionQuery,
  suggestionView,
} from './rollout-schemas.ts';
import type { RiskFactor } from './rollout-templates.ts';
import type { RolloutsService } from './rollouts-service.ts';

const tags = ['rollouts'];
const writeErrors = { ...bodyErrors, 409: errorResponse };

export function rolloutsRoutes(rollouts: RolloutsService, flags: Pick<FlagsService, 'get'>) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/rollouts',
      {
        schema: {
          tags,
          summary: 'Start a guarded rollout of a flag in an environment',
          description:
            'Stages from a template (standard 2-10-50-100, conservative 0.1-1-5-10-25-50-100, aggressive 1-5-25-50-100; suggested from the flag tags and risk when absent) or custom; the plan then advances, holds or rolls back on its own.',
          body: startPlanBody,
          response: { 201: planView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const plan = await rollouts.start(
          {
            ...body,
            risk: body.risk && { ...body.risk, factors: body.risk.factors as RiskFactor[] | undefined },
          },
          actorOf(request),
        );
        return reply.status(201).send(plan);
      },
    );

    app.get(
      '/rollouts',
      {
        schema: {
          tags,
          summary: 'List rollouts, newest first',
          querystring: listPlansQuery,
          response: { 200: z.object({ items: z.array(planView) }), ...errors },
        },
      },
      async (request) => ({ items: await rollouts.list({ ...request.query, flagKey: request.query.flag }) }),
    );

    app.get(
      '/rollouts/suggestion',
      {
        schema: {
          tags,
          summary: "The template the playbook suggests for a flag's risk, and why",
          querystring: suggestionQuery,
          response: { 200: suggestionView, ...errors },
        },
      },
      async (request) => {
        const flag = await flags.get(request.query.flag);
        return rollouts.suggest(flag.tags, {
          level: request.query.level,
          factors: request.query.factors as RiskFactor[] | undefined,
        });
      },
    );

    app.get(
      '/rollouts/:id',
      {
        schema: {
          tags,
          summary:
            'A rollout: its stage, time at stage, every criterion with its current figures, and its history',
          params: planParams,
          response: { 200: planDetailView, ...errors },
        },
      },
      async (request) => rollouts.get(request.params.id),
    );

    const summaries = {
      pause: 'Pause a rollout (it holds its stage; the kill switch still works)',
      resume: 'Resume a paused rollout',
      advance: 'Advance a rollout by hand to its next stage, whatever the criteria say',
    } as const;
    for (const action of ['pause', 'resume', 'advance'] as const) {
      app.post(
        `/rollouts/:id/${action}`,
        {
          schema: {
            tags,
            summary: summaries[action],
            params: planParams,
            response: { 200: planView, ...writeErrors },
          },
        },
        async (request) => rollouts[action](request.params.id, actorOf(request)),
      );
    }

    app.post(
      '/rollouts/:id/restart',
      {
        schema: {
          tags,
          summary: 'Start a rolled-back rollout again from its first stage, with the same bucketing',
          params: planParams,
          response: { 201: planView, ...writeErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await rollouts.restart(request.params.id, actorOf(request))),
    );

    app.post(
      '/rollouts/:id/rollback',
      {
        schema: {
          tags,
          summary: 'Roll a rollout back by hand: everyone gets the stable variant (final until restarted)',
          params: planParams,
          body: rollbackBody,
          response: { 200: planView, ...writeErrors },
        },
      },
      async (request) => rollouts.rollback(request.params.id, actorOf(request), request.body.reason),
    );
  };
}
