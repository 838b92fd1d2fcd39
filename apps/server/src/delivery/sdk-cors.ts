import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Browser origins that may call the SDK routes: any (`*`), or these (as `https://app.example.com`). */
export type SdkCorsOrigins = '*' | readonly string[];

/**
 * What the SDKs send beyond the CORS-safelisted headers. `Authorization` is never covered by a `*`
 * in `Access-Control-Allow-Headers`, so each is named.
 */
const ALLOW_HEADERS = 'Authorization, Content-Type, If-None-Match, Last-Event-ID';
/** What a page may read beyond the safelisted response headers (Content-Type is one of those). */
const EXPOSE_HEADERS = 'ETag';
/** Chromium caps a cached preflight at 2 hours; Firefox at 24. The SDK's headers never change. */
const MAX_AGE_SECONDS = '7200';

/**
 * CORS for the SDK routes only (the management API stays same-origin). No cookies are involved:
 * keys travel in `Authorization` or `?key=`, so `Access-Control-Allow-Credentials` is never sent
 * and `*` is safe for public client keys.
 */
export function createSdkCors(origins: SdkCorsOrigins = '*') {
  const anyOrigin = origins === '*';
  const listed = new Set<string>(anyOrigin ? [] : origins);

  /** The `Access-Control-Allow-Origin` for a request, or undefined when its origin is not allowed. */
  function allowedOrigin(origin: string | undefined): string | undefined {
    if (anyOrigin) return '*';
    return origin !== undefined && listed.has(origin) ? origin : undefined;
  }

  /**
   * The headers of every answer, errors included. With `*` they are the same for every request (no
   * `Vary: Origin`, so caches need not split); with a list the answer depends on `Origin`.
   */
  function apply(request: FastifyRequest, reply: FastifyReply): boolean {
    if (!anyOrigin) reply.header('vary', 'Origin');
    const allow = allowedOrigin(request.headers.origin);
    if (allow === undefined) return false;
    reply.header('access-control-allow-origin', allow);
    reply.header('access-control-expose-headers', EXPOSE_HEADERS);
    return true;
  }

  return {
    /**
     * An `onRequest` hook for the SDK routes. It sets headers on the reply, so a hijacked answer (the
     * SSE stream) must copy `reply.getHeaders()` into its own `writeHead`.
     */
    onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
      apply(request, reply);
      done();
    },

    /** The handler of a route's `OPTIONS` (preflight), for the route's `methods` (`GET`, `POST`). */
    preflight(methods: string) {
      return (request: FastifyRequest, reply: FastifyReply) => {
        // A disallowed origin gets no CORS headers at all: the browser then refuses the real request.
        if (apply(request, reply)) {
          reply
            .header('access-control-allow-methods', methods)
            .header('access-control-allow-headers', ALLOW_HEADERS)
            .header('access-control-max-age', MAX_AGE_SECONDS);
        }
        return reply.status(204).send();
      };
    },

    /**
     * Whether a request may have an effect. CORS only stops a page from reading an answer, not from
     * sending a simple request (`sendBeacon`, a text/plain POST): with a list, a browser's request
     * from an origin outside it is refused. Requests without `Origin` (servers, same-origin GETs) pass.
     */
    mayWrite(request: FastifyRequest): boolean {
      const origin = request.headers.origin;
      return origin === undefined || allowedOrigin(origin) !== undefined;
    },
  };
}

export type SdkCors = ReturnType<typeof createSdkCors>;
