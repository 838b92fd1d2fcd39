import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.ts';
import { errorResponse, keyParams, noContent } from '../http/common-schemas.ts';
import { etagOf } from '../http/if-match.ts';
import { bodyErrors, errors, page, segmentView } from '../http/response-schemas.ts';
import { createSegmentBody, listSegmentsQuery, updateSegmentBody } from './segment-schemas.ts';
import type { SegmentsService } from './segments-service.ts';

const ifMatchHeaders = z.object({ 'if-match': z.string().max(200).optional() });
/** A create has nothing to match: only writes to an existing segment take If-Match (412, 428). */
const createErrors = { ...bodyErrors, 409: errorResponse };
const writeErrors = { ...createErrors, 412: errorResponse, 428: errorResponse };
const tags = ['segments'];

export function segmentsRoutes(segments: SegmentsService) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/segments',
      {
        schema: {
          tags,
          summary: 'Create a segment',
          body: createSegmentBody,
          response: { 201: segmentView, ...createErrors },
        },
      },
      async (request, reply) => {
        const segment = await segments.create(request.body, actorOf(request));
        return reply.status(201).header('etag', etagOf(segment.version)).send(segment);
      },
    );

    app.get(
      '/segments',
      {
        schema: {
          tags,
          summary: 'List segments',
          querystring: listSegmentsQuery,
          response: { 200: page(segmentView), ...errors },
        },
      },
      async (request) => segments.list(request.query),
    );

    app.get(
      '/segments/:key',
      {
        schema: {
          tags,
          summary: 'Read a segment',
          params: keyParams,
          response: { 200: segmentView, ...errors },
        },
      },
      async (request, reply) => {
        const segment = await segments.get(request.params.key);
        return reply.header('etag', etagOf(segment.version)).send(segment);
      },
    );

    app.patch(
      '/segments/:key',
      {
        schema: {
          tags,
          summary: 'Update a segment (requires If-Match)',
          params: keyParams,
          headers: ifMatchHeaders,
          body: updateSegmentBody,
          response: { 200: segmentView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { key } = request.params;
        const segment = await segments.update(
          key,
          request.body,
          request.headers['if-match'],
          actorOf(request),
        );
        return reply.header('etag', etagOf(segment.version)).send(segment);
      },
    );

    app.delete(
      '/segments/:key',
      {
        schema: {
          tags,
          summary: 'Delete a segment no flag uses',
          params: keyParams,
          headers: ifMatchHeaders,
          response: { 204: noContent('Deleted'), ...writeErrors },
        },
      },
      async (request, reply) => {
        await segments.remove(request.params.key, request.headers['if-match'], actorOf(request));
        return reply.status(204).send(undefined);
      },
    );
  };
}
