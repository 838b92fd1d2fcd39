import type { FastifyRequest } from 'fastify';
import type { Principal } from '../credentials/credentials-service.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

/** An SDK key's principal: bound to one environment. */
export interface SdkPrincipal extends Principal {
  kind: 'server' | 'client';
  environmentKey: string;
}

function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^\s*bearer\s+(\S+)\s*$/i)?.[1];
}

/**
 * Who is calling an SDK route, from the in-memory credential cache (no query per request). The key
 * comes from `Authorization: Bearer`, or for client keys from `?key=` where `allowQueryKey` (browsers'
 * EventSource and sendBeacon cannot set headers; a server key in a URL would end up in logs, so it is
 * refused there).
 */
export async function sdkPrincipal(
  request: FastifyRequest,
  authenticate: (token: string) => Promise<Principal | undefined>,
  allowQueryKey: boolean,
): Promise<SdkPrincipal> {
  const header = bearerToken(request.headers.authorization);
  const queryKey = allowQueryKey ? (request.query as { key?: unknown } | undefined)?.key : undefined;
  const token = header ?? (typeof queryKey === 'string' && queryKey !== '' ? queryKey : undefined);
  if (!token) throw new UnauthenticatedError('An SDK key is required: send `Authorization: Bearer <key>`');
  const principal = await authenticate(token);
  if (!principal) throw new UnauthenticatedError('The SDK key is unknown or revoked');
  if (principal.kind === 'admin' || principal.environmentKey === null) {
    throw new ForbiddenError('SDK routes take server or client SDK keys, not admin tokens');
  }
  if (header === undefined && principal.kind !== 'client') {
    throw new ForbiddenError(
      'Only client keys may be sent as ?key=; send server keys in the Authorization header',
    );
  }
  request.principal = principal;
  return principal as SdkPrincipal;
}
