import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.ts';
import { errorResponse, noContent } from '../http/common-schemas.ts';
import { etagOf } from '../http/if-match.ts';
import { bodyErrors, errors, page } from '../http/response-schemas.ts';
import {
  createWebhookBody,
  deliveryParams,
  deliveryView,
  listDeliveriesQuery,
  listWebhooksQuery,
  updateWebhookBody,
  webhookIdParams,
  webhookView,
  webhookWithSecretView,
} from './webhook-schemas.ts';
import type { WebhooksService } from './webhooks-service.ts';

const ifMatchHeaders = z.object({ 'if-match': z.string().max(200).optional() });
const writeErrors = { ...bodyErrors, 409: errorResponse, 412: errorResponse, 428: errorResponse };
const tags = ['webhooks'];

export function webhooksRoutes(webhooks: WebhooksService) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/webhooks',
      {
        schema: {
          tags,
          summary: 'Subscribe a URL to events (the signing secret is in this response only)',
          body: createWebhookBody,
          response: { 201: webhookWithSecretView, ...writeErrors },
        },
      },
      async (request, reply) => {
        const created = await webhooks.create(request.body, actorOf(request));
        return reply.status(201).header('etag', etagOf(created.version)).send(created);
      },
    );

    app.get(
      '/webhooks',
      {
        schema: {
          tags,
          summary: 'List webhook subscriptions',
          querystring: listWebhooksQuery,
          response: { 200: page(webhookView), ...errors },
        },
      },
      async (request) => webhooks.list(request.query),
    );

    app.get(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Read a webhook subscription (never its secret)',
          params: webhookIdParams,
          response: { 200: webhookView, ...errors },
        },
      },
      async (request, reply) => {
        const webhook = await webhooks.get(request.params.id);
        return reply.header('etag', etagOf(webhook.version)).send(webhook);
      },
    );

    app.patch(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary:
            'Update a webhook subscription (requires If-Match); rotateSecret returns the new secret once',
          params: webhookIdParams,
          headers: ifMatchHeaders,
          body: updateWebhookBody,
          response: { 200: webhookView.extend({ secret: z.string().optional() }), ...writeErrors },
        },
      },
      async (request, reply) => {
        const webhook = await webhooks.update(
          request.params.id,
          request.body,
          request.headers['if-match'],
          actorOf(request),
        );
        return reply.header('etag', etagOf(webhook.version)).send(webhook);
      },
    );

    app.delete(
      '/webhooks/:id',
      {
        schema: {
          tags,
          summary: 'Delete a webhook subscription and its pending deliveries',
          params: webhookIdParams,
          headers: ifMatchHeaders,
          response: { 204: noContent('Deleted'), ...writeErrors },
        },
      },
      async (request, reply) => {
        await webhooks.remove(request.params.id, request.headers['if-match'], actorOf(request));
        return reply.status(204).send();
      },
    );

    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          summary: "A subscription's deliveries, newest first, each with every attempt",
          params: webhookIdParams,
          querystring: listDeliveriesQuery,
          response: { 200: page(deliveryView), ...errors },
        },
      },
      async (request) => webhooks.deliveries(request.params.id, request.query),
    );

    app.post(
      '/webhooks/:id/deliveries/:deliveryId/retry',
      {
        schema: {
          tags,
          summary: 'Send a delivery again (for example after its retries ran out)',
          params: deliveryParams,
          response: { 200: deliveryView, ...bodyErrors, 409: errorResponse },
        },
      },
      async (request) => webhooks.redeliver(request.params.id, request.params.deliveryId, actorOf(request)),
    );
  };
}
