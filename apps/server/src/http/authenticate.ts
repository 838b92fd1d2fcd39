import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CredentialsService, Principal } from '../credentials/credentials-service.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors.ts';

/**
 * Who may call a route, declared in its `config.access`:
 * - `public`: anyone (health, docs);
 * - `admin`: admin tokens only (the management API); the default under `/api/`, so no API route can be
 *   left open by forgetting to declare it (outside `/api/`, the default is `public`: docs and health);
 * - `environment`: admin tokens, and SDK keys of the route's `:env` (another environment's is a 404);
 * - `sdk`: SDK keys only, decided by the delivery routes themselves from their in-memory credential
 *   cache (no database query per request; client keys may come as `?key=`): see delivery/sdk-principal.ts.
 */
export type Access = 'public' | 'admin' | 'environment' | 'sdk';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^\s*bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

export function actorOf(request: FastifyRequest): string {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal.name;
}

/**
 * Decides access per route, after routing: the route matched on the decoded, normalised path is the
 * one whose rule applies, so no spelling of a path reaches a route without passing its rule.
 */
export function registerAuthentication(
  app: FastifyInstance,
  credentials: Pick<CredentialsService, 'authenticate'>,
): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access =
      request.routeOptions.config.access ??
      (request.routeOptions.url?.startsWith('/api/') ? 'admin' : 'public');
    if (access === 'public' || access === 'sdk') return;
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthenticatedError();
    const principal = await credentials.authenticate(token);
    if (!principal) throw new UnauthenticatedError('The credential is unknown or revoked');
    if (principal.kind !== 'admin') {
      if (access === 'admin')
        throw new ForbiddenError(`A ${principal.kind} SDK key may not use the management API`);
      const env = (request.params as { env?: string } | undefined)?.env;
      if (principal.environmentKey !== env) throw new NotFoundError(`Environment ${env ?? ''}`);
    }
    request.principal = principal;
  });
}
