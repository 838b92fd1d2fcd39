import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SnapshotService } from '../environments/snapshot-service.ts';
import { actorOf } from '../http/authenticate.ts';
import { errorResponse, keyParams } from '../http/common-schemas.ts';
import { etagOf, expectedVersionOf } from '../http/if-match.ts';
import {
  bodyErrors,
  errors,
  explanationView,
  flagVersionView,
  flagView,
  page,
} from '../http/response-schemas.ts';
import type { FlagLifecycle } from './flag-lifecycle-port.ts';
import { flagReads } from './flag-reads.ts';
import {
  createFlagBody,
  environmentStatePatch,
  explainBody,
  extendExpiryBody,
  flagEnvParams,
  listFlagsQuery,
  updateFlagBody,
  versionParams,
} from './flag-schemas.ts';
import type { FlagsService } from './flags-service.ts';

const ifMatchHeaders = z.object({ 'if-match': z.string().max(200).optional() });
/** A create has nothing to match: only writes to an existing flag take If-Match (412, 428). */
const createErrors = { ...bodyErrors, 409: errorResponse };
const writeErrors = { ...createErrors, 412: errorResponse, 428: errorResponse };
const tags = ['flags'];

export function flagsRoutes(flags: FlagsService, snapshots: SnapshotService, lifecycle: FlagLifecycle) {
  const reads = flagReads(flags, lifecycle);
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/flags',
      {
        schema: {
          tags,
          summary: 'Create a flag',
          body: createFlagBody,
          response: { 201: flagView, ...createErrors },
        },
      },
      async (request, reply) => {
        const flag = await flags.create(request.body, actorOf(request));
        return reply.status(201).header('etag', etagOf(flag.version)).send(flag);
      },
    );

    app.get(
      '/flags',
      {
        schema: {
          tags,
          summary: 'List flags',
          querystring: listFlagsQuery,
          response: { 200: page(flagView), ...errors },
        },
      },
      async (request) => reads.list(request.query),
    );

    app.get(
      '/flags/:key',
      { schema: { tags, summary: 'Read a flag', params: keyParams, response: { 200: flagView, ...errors } } },
      async (request, reply) => {
        const flag = await reads.get(request.params.key);
        return reply.header('etag', etagOf(flag.version)).send(flag);
      },
    );

    app.patch(
      '/flags/:key',
      {
        schema: {
          tags,
          summary: 'Update a flag (requires If-Match)',
          params: keyParams,
          headers: ifMatchHeaders,
          body: updateFlagBody,
          response: { 200: flagView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { key } = request.params;
        const expected = expectedVersionOf(request.headers['if-match']);
        const flag = await flags.update(key, request.body, expected, actorOf(request));
        return reply.header('etag', etagOf(flag.version)).send(flag);
      },
    );

    app.patch(
      '/flags/:key/environments/:env',
      {
        schema: {
          tags,
          summary: "Update a flag's state in one environment (requires If-Match)",
          params: flagEnvParams,
          headers: ifMatchHeaders,
          body: environmentStatePatch,
          response: { 200: flagView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { key, env } = request.params;
        const expected = expectedVersionOf(request.headers['if-match']);
        const flag = await flags.updateEnvironment(key, env, request.body, expected, actorOf(request));
        return reply.header('etag', etagOf(flag.version)).send(flag);
      },
    );

    for (const [action, archived] of [
      ['archive', true],
      ['unarchive', false],
    ] as const) {
      app.post(
        `/flags/:key/${action}`,
        {
          schema: {
            tags,
            summary: `${archived ? 'Archive' : 'Unarchive'} a flag (requires If-Match)`,
            params: keyParams,
            headers: ifMatchHeaders,
            response: { 200: flagView, ...writeErrors },
          },
        },
        async (request, reply) => {
          const { key } = request.params;
          const expected = expectedVersionOf(request.headers['if-match']);
          const flag = await flags.setArchived(key, archived, expected, actorOf(request));
          return reply.header('etag', etagOf(flag.version)).send(flag);
        },
      );
    }

    app.post(
      '/flags/:key/expiry',
      {
        schema: {
          tags,
          summary: "Extend a flag's expiry, with a reason (kept in the audit record; If-Match optional)",
          params: keyParams,
          headers: ifMatchHeaders,
          body: extendExpiryBody,
          response: { 200: flagView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const header = request.headers['if-match'];
        const expected = header?.trim() ? expectedVersionOf(header) : 'any';
        const flag = await flags.extendExpiry(request.params.key, request.body, expected, actorOf(request));
        return reply.header('etag', etagOf(flag.version)).send(flag);
      },
    );

    app.get(
      '/flags/:key/versions',
      {
        schema: {
          tags,
          summary: "A flag's version history, newest first",
          params: keyParams,
          response: { 200: z.object({ items: z.array(flagVersionView) }), ...errors },
        },
      },
      async (request) => ({ items: await flags.versions(request.params.key) }),
    );

    app.get(
      '/flags/:key/versions/:version',
      {
        schema: {
          tags,
          summary: 'One version of a flag',
          params: versionParams,
          response: { 200: flagVersionView, ...errors },
        },
      },
      async (request) => flags.version(request.params.key, request.params.version),
    );

    app.post(
      '/flags/:key/versions/:version/restore',
      {
        schema: {
          tags,
          summary: 'Restore an earlier version as a new version (requires If-Match)',
          params: versionParams,
          headers: ifMatchHeaders,
          response: { 200: flagView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { key, version } = request.params;
        const expected = expectedVersionOf(request.headers['if-match']);
        const flag = await flags.restore(key, version, expected, actorOf(request));
        return reply.header('etag', etagOf(flag.version)).send(flag);
      },
    );

    app.post(
      '/flags/:key/explain',
      {
        schema: {
          tags,
          summary: 'Explain what a context gets from a flag in an environment, and why',
          params: keyParams,
          body: explainBody,
          response: { 200: explanationView, ...bodyErrors },
        },
      },
      async (request) =>
        snapshots.explain(request.params.key, request.body.environment, request.body.context),
    );
  };
}
