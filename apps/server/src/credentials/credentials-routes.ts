import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/authenticate.ts';
import { environmentKey, errorResponse, name } from '../http/common-schemas.ts';
import { bodyErrors, credentialView, errors } from '../http/response-schemas.ts';
import type { CredentialsService } from './credentials-service.ts';

const tags = ['credentials'];
const createCredentialBody = z.strictObject({
  kind: z.enum(['admin', 'server', 'client']),
  name,
  /** Required for SDK keys, refused for admin tokens. */
  environment: environmentKey.optional(),
});
const idParams = z.strictObject({ id: z.string().regex(/^cred_[0-9a-f]{16}$/, 'is not a credential id') });

export function credentialsRoutes(credentials: CredentialsService) {
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/credentials',
      {
        schema: {
          tags,
          summary: 'Create an admin token or an SDK key; the token is shown in this response only',
          body: createCredentialBody,
          response: { 201: credentialView.extend({ token: z.string() }), ...bodyErrors },
        },
      },
      async (request, reply) => {
        const created = await credentials.create(request.body, actorOf(request));
        return reply.status(201).send(created);
      },
    );

    app.get(
      '/credentials',
      {
        schema: {
          tags,
          summary: 'List credentials (never their tokens)',
          response: { 200: z.object({ items: z.array(credentialView) }), ...errors },
        },
      },
      async () => ({ items: await credentials.list() }),
    );

    app.delete(
      '/credentials/:id',
      {
        schema: {
          tags,
          summary: 'Revoke a credential',
          params: idParams,
          response: { 200: credentialView, ...bodyErrors, 409: errorResponse },
        },
      },
      async (request) => credentials.revoke(request.params.id, actorOf(request)),
    );
  };
}
