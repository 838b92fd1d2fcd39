import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit/audit-routes.ts';
import { createAuditService } from './audit/audit-service.ts';
import type { Config } from './config.ts';
import { credentialsRoutes } from './credentials/credentials-routes.ts';
import { createCredentialsService } from './credentials/credentials-service.ts';
import type { Database } from './db/database.ts';
import { createDelivery, type DeliveryConfig } from './delivery/create-delivery.ts';
import { environmentsRoutes } from './environments/environments-routes.ts';
import { createEnvironmentsService } from './environments/environments-service.ts';
import { createSnapshotService } from './environments/snapshot-service.ts';
import { flagsRoutes } from './flags/flags-routes.ts';
import { createFlagsService } from './flags/flags-service.ts';
import { createReadCache } from './flags/read-cache.ts';
import { healthRoutes } from './health/health-routes.ts';
import { homeRoutes } from './home/home-routes.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { frameworkErrors, registerErrorHandler } from './http/error-handler.ts';
import { registerJsonBodyParser } from './http/json-body-parser.ts';
import { serializeJson } from './http/serialize-json.ts';
import { segmentsRoutes } from './segments/segments-routes.ts';
import { createSegmentsService } from './segments/segments-service.ts';

export const API_PREFIX = '/api/v1';

export interface AppOptions {
  config: Pick<Config, 'maxLifetimeDays' | 'docs'> &
    Partial<Pick<Config, 'readCacheMs'>> &
    Partial<Pick<Config, 'redisUrl' | 'redisChannel' | 'revisionCheckMs' | 'sdkCorsOrigins'>>;
  database: Database;
  clock?: () => Date;
  /** Live delivery tuning beyond the config (tests: heartbeat, buffer limits). */
  delivery?: DeliveryConfig;
}

/**
 * The whole API as one Fastify plugin: services wired to the database, routes to services. It never
 * listens: `server.ts` owns the process, and tests call `inject()`.
 */
export async function flagstaffApp(app: FastifyInstance, options: AppOptions): Promise<void> {
  const { database, config } = options;
  const clock = options.clock ?? (() => new Date());
  const db = database.db;
  const credentials = createCredentialsService(db, (id) => delivery.revoked(id));
  const snapshots = createSnapshotService(db);
  const delivery = createDelivery(
    { db, snapshots, credentials, log: app.log, clock },
    {
      redisUrl: config.redisUrl,
      ...(config.redisChannel ? { redisChannel: config.redisChannel } : {}),
      ...(config.sdkCorsOrigins ? { corsOrigins: config.sdkCorsOrigins } : {}),
      ...(config.revisionCheckMs ? { revisionCheckMs: config.revisionCheckMs } : {}),
      ...options.delivery,
    },
  );
  const reads = createReadCache(config.readCacheMs ?? 0);
  const flags = createFlagsService(
    db,
    { maxLifetimeDays: config.maxLifetimeDays },
    clock,
    delivery.committed,
    reads,
  );
  // A new environment appears in every flag: cached flag reads are out of date.
  const environmentCommitted = () => {
    reads.invalidate();
    delivery.committed();
  };

  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by our own services; plain JSON.stringify is faster than validating them again,
  // and frozen (cached) values are serialised once.
  app.setSerializerCompiler(() => serializeJson);
  registerJsonBodyParser(app);
  registerErrorHandler(app);
  // Admin tokens share the delivery's credential cache: no query per request, and revocations reach every
  // replica through the change bus (with the periodic revocation check as the backstop).
  registerAuthentication(app, { authenticate: (token) => delivery.service.authenticate(token) });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      // 3.1: JSON Schema 2020-12, where `null` is a type (3.0's `nullable` cannot describe a JSON value).
      openapi: '3.1.0',
      info: { title: 'Flagstaff management API', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Named schemas (JsonValue, Snapshot) become components.schemas, which the routes' $refs point at.
    transformObject: jsonSchemaTransformObject,
  });
  if (config.docs) await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes(database));
  await app.register(homeRoutes({ docs: config.docs }));
  await app.register(
    async (api) => {
      await api.register(environmentsRoutes(createEnvironmentsService(db, environmentCommitted), snapshots));
      await api.register(flagsRoutes(flags, snapshots));
      await api.register(segmentsRoutes(createSegmentsService(db, clock, delivery.committed)));
      await api.register(credentialsRoutes(credentials));
      await api.register(auditRoutes(createAuditService(db)));
      await api.register(delivery.routes);
    },
    { prefix: API_PREFIX },
  );
}
// Not encapsulated: the error handler, parsers and hooks apply to the instance it is registered on.
(flagstaffApp as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export function fastifyOptions(
  config: Pick<Config, 'bodyLimitBytes'> & { logLevel?: string },
): FastifyServerOptions {
  return {
    bodyLimit: config.bodyLimitBytes,
    logger: config.logLevel ? { level: config.logLevel } : false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    frameworkErrors,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 200 },
  };
}

/** A ready-to-inject app; `server.ts` adds `listen`. */
export async function buildApp(
  options: AppOptions & { config: AppOptions['config'] & Pick<Config, 'bodyLimitBytes'>; logLevel?: string },
): Promise<FastifyInstance> {
  const { logLevel, ...appOptions } = options;
  const app = Fastify(
    fastifyOptions({ bodyLimitBytes: options.config.bodyLimitBytes, ...(logLevel ? { logLevel } : {}) }),
  );
  await app.register(flagstaffApp, appOptions);
  return app;
}
