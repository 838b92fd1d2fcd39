import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema.js';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ForbiddenError } from '../errors.ts';
import { noContent } from '../http/common-schemas.ts';
import { jsonBodyParser } from '../http/json-body-parser.ts';
import { bodyErrors, errors, snapshotView } from '../http/response-schemas.ts';
import { isWellFormedReport } from '../metrics/check-report.ts';
import type { SignalsIntake } from '../metrics/signals-intake.ts';
import { metricsReport } from '../metrics/signals-schemas.ts';
import type { DeliveryService } from './delivery-service.ts';
import type { EncodedSnapshot } from './encoded-snapshot.ts';
import { chooseEncoding, etagMatches, lastEventRevision } from './http-negotiation.ts';
import { createSdkCors, type SdkCorsOrigins } from './sdk-cors.ts';
import { type SdkPrincipal, sdkPrincipal } from './sdk-principal.ts';
import type { Audience } from './snapshot-cache.ts';

const tags = ['sdk'];
const keyQuery = z.object({ key: z.string().max(200).optional() });
const streamQuery = keyQuery.extend({
  /** `Last-Event-ID` for clients that cannot send headers (EventSource on a new connection). */
  lastEventId: z.string().max(20).optional(),
  /** `1`: `patch` events (only what changed) after the first snapshot, instead of whole snapshots. */
  patches: z.enum(['0', '1']).optional(),
});
type StreamQuery = z.infer<typeof streamQuery>;

/** The metrics body: a well-formed current report by hand, anything else by its schema (and its messages). */
const metricsValidatorCompiler = (route: FastifyRouteSchemaDef<unknown>): FastifyValidationResult => {
  // Fastify passes the part's schema (here the zod body) though its type says the route's.
  const bySchema = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'body') return bySchema;
  return (body) => (isWellFormedReport(body) ? { value: body } : bySchema(body));
};

export interface DeliveryRoutesOptions {
  /** Browser origins allowed on the SDK routes (config `FLAGSTAFF_SDK_CORS_ORIGINS`). @default '*' */
  corsOrigins?: SdkCorsOrigins;
}

function audienceOf(principal: SdkPrincipal): Audience {
  return principal.kind === 'client' ? 'client' : 'server';
}

async function sendSnapshot(request: FastifyRequest, reply: FastifyReply, encoded: EncodedSnapshot) {
  // CORS may already vary the answer by Origin.
  const vary = reply.getHeader('vary');
  reply
    .header('etag', encoded.etag)
    .header('cache-control', 'no-cache')
    .header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`);
  if (etagMatches(request.headers['if-none-match'], encoded.etag)) return reply.status(304).send();
  reply.type('application/json; charset=utf-8');
  const coding = chooseEncoding(request.headers['accept-encoding']);
  if (coding === 'identity') return reply.send(encoded.json);
  const compressed = await encoded.compressed();
  if (coding === 'br') return reply.header('content-encoding', 'br').send(compressed.brotli);
  return reply.header('content-encoding', 'gzip').send(compressed.gzip);
}

/** Opens an SSE response on the raw socket and hands it to the stream hub. */
function openStream(request: FastifyRequest, reply: FastifyReply, delivery: DeliveryService) {
  const principal = request.principal as SdkPrincipal;
  const environment = principal.environmentKey;
  const audience = audienceOf(principal);
  const query = request.query as StreamQuery;
  const last = lastEventRevision(request.headers['last-event-id'] ?? query.lastEventId);
  reply.hijack();
  const response = reply.raw;
  // Hijacked: nothing Fastify holds is sent unless written here (the CORS headers among them).
  response.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  response.flushHeaders();
  request.raw.socket.setNoDelay(true);
  request.raw.socket.setKeepAlive(true, 30_000);
  // Read again now, synchronously with registering: no revision can slip between the two.
  const current = delivery.current(environment, audience);
  if (current && last !== undefined && last > current.revision) delivery.behind();
  const first = current && last !== current.revision ? current.event : undefined;
  delivery.openStream(
    { environment, audience, credentialId: principal.id, response, patches: query.patches === '1' },
    first,
  );
  return reply;
}

/** The SDK protocol (docs/sdk-protocol.md): snapshot, stream and metrics, for SDK keys only. */
export function deliveryRoutes(
  delivery: DeliveryService,
  metrics: SignalsIntake,
  options: DeliveryRoutesOptions = {},
) {
  const cors = createSdkCors(options.corsOrigins);
  return async (plugin: FastifyInstance) => {
    const app = plugin.withTypeProvider<ZodTypeProvider>();
    // Every SDK route takes client keys as ?key=: EventSource and sendBeacon cannot set headers.
    const authenticate = async (request: FastifyRequest) => {
      await sdkPrincipal(request, delivery.authenticate, true);
    };
    // Before authentication, so that a 401 or 403 can be read by the page too.
    app.addHook('onRequest', cors.onRequest);
    // navigator.sendBeacon can only send simple requests (no preflight): a text/plain body holding the
    // same JSON, checked as strictly. Only the metrics route takes a body here; the management API
    // keeps refusing text/plain (this parser lives in the SDK routes' own context).
    app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, jsonBodyParser);
    for (const [url, methods] of [
      ['/sdk/snapshot', 'GET'],
      ['/sdk/stream', 'GET'],
      ['/sdk/metrics', 'POST'],
    ] as const) {
      // Preflights carry no credentials.
      app.options(url, { config: { access: 'public' }, schema: { hide: true } }, cors.preflight(methods));
    }

    app.get(
      '/sdk/snapshot',
      {
        config: { access: 'sdk' },
        onRequest: authenticate,
        schema: {
          tags,
          summary: "The SDK key's environment snapshot (client keys: client-visible flags, nothing secret)",
          description:
            'ETag is the revision; a matching If-None-Match answers 304. Served from memory, gzip or brotli per Accept-Encoding. ' +
            'Client keys may be sent as `?key=` (read by the SDK authentication, not validated by a schema: this is the hot path).',
          response: {
            200: snapshotView,
            304: noContent('Not modified: the If-None-Match revision'),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const principal = request.principal as SdkPrincipal;
        const encoded = await delivery.snapshot(principal.environmentKey, audienceOf(principal));
        return sendSnapshot(request, reply, encoded);
      },
    );

    app.get(
      '/sdk/stream',
      {
        config: { access: 'sdk' },
        onRequest: authenticate,
        schema: {
          tags,
          summary: 'Server-Sent Events: a whole snapshot on connect and on every revision change',
          description:
            'Each event is `id: <revision>`, `event: snapshot`, `data: <snapshot>`; `: ping` every 15 s. ' +
            'Send Last-Event-ID to skip the first snapshot when it is the current revision.',
          querystring: streamQuery,
          response: {
            200: {
              description: 'An event stream (text/event-stream) of `snapshot` and `patch` events',
              content: { 'text/event-stream': { schema: z.string() } },
            },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const principal = request.principal as SdkPrincipal;
        // Loads the environment on its first request; later ones find it in memory.
        await delivery.snapshot(principal.environmentKey, audienceOf(principal));
        return openStream(request, reply, delivery);
      },
    );

    app.post(
      '/sdk/metrics',
      {
        config: { access: 'sdk' },
        onRequest: [
          async (request) => {
            if (!cors.mayWrite(request)) {
              throw new ForbiddenError('This origin may not report metrics (FLAGSTAFF_SDK_CORS_ORIGINS)');
            }
          },
          authenticate,
        ],
        schema: {
          tags,
          summary:
            'SDK signals per flag version, variant and cohort: exposures, measured calls, errors, latency sketches, conversions',
          description:
            'JSON, or the same JSON as `text/plain` (navigator.sendBeacon). Client keys may be sent as `?key=`. ' +
            'A report is counted once per `batchId` (a retry answers 202 and counts nothing). See docs/sdk-protocol.md.',
          body: metricsReport,
          response: { 202: noContent('Accepted'), ...bodyErrors },
        },
        validatorCompiler: metricsValidatorCompiler,
      },
      async (request, reply) => {
        const principal = request.principal as SdkPrincipal;
        await metrics.record(request.body, {
          environment: principal.environmentKey,
          credentialId: principal.id,
        });
        return reply.status(202).send();
      },
    );
  };
}
