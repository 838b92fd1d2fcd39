import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.ts';
import { environmentKey, envParams, errorResponse, name, noContent } from '../http/common-schemas.ts';
import { bodyErrors, environmentView, errors, snapshotView } from '../http/response-schemas.ts';
import type { EnvironmentsService } from './environments-service.ts';
import type { SnapshotService } from './snapshot-service.ts';

const tags = ['environments'];
const createEnvironmentBody = z.strictObject({ key: environmentKey, name: name.optional() });

export function environmentsRoutes(environments: EnvironmentsService, snapshots: SnapshotService) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/environments',
      {
        schema: {
          tags,
          summary: 'List environments',
          response: { 200: z.object({ items: z.array(environmentView) }), ...errors },
        },
      },
      async () => ({ items: await environments.list() }),
    );

    app.post(
      '/environments',
      {
        schema: {
          tags,
          summary: 'Create an environment (every flag starts disabled in it)',
          body: createEnvironmentBody,
          response: { 201: environmentView, ...bodyErrors, 409: errorResponse },
        },
      },
      async (request, reply) => {
        const { key, name: given } = request.body;
        const created = await environments.create({ key, name: given ?? key }, actorOf(request));
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/environments/:env',
      {
        schema: {
          tags,
          summary: 'Read an environment',
          params: envParams,
          response: { 200: environmentView, ...errors },
        },
      },
      async (request) => environments.get(request.params.env),
    );

    app.get(
      '/environments/:env/snapshot',
      {
        config: { access: 'environment' },
        schema: {
          tags,
          summary: "The environment's snapshot for SDKs (client keys get client-visible flags only)",
          description:
            'Admin tokens and SDK keys of this environment. Answers 304 to a matching If-None-Match.',
          params: envParams,
          response: {
            200: snapshotView,
            304: noContent('Not modified: the If-None-Match revision'),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { env } = request.params;
        const audience = request.principal?.kind === 'client' ? 'client' : 'server';
        const revision = await snapshots.revision(env);
        const etag = `"${revision}-${audience}"`;
        if (request.headers['if-none-match'] === etag)
          return reply.status(304).header('etag', etag).send(undefined);
        const snapshot = await snapshots.snapshot(env, audience);
        return reply.header('etag', `"${snapshot.revision}-${audience}"`).send(snapshot);
      },
    );
  };
}
