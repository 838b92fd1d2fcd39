import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { auditRoutes } from './audit/audit-routes.ts';
import type { Config } from './config.ts';
import { credentialsRoutes } from './credentials/credentials-routes.ts';
import type { Database } from './db/database.ts';
import type { DeliveryConfig } from './delivery/create-delivery.ts';
import { environmentsRoutes } from './environments/environments-routes.ts';
import { flagsRoutes } from './flags/flags-routes.ts';
import { healthRoutes } from './health/health-routes.ts';
import { homeRoutes } from './home/home-routes.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { frameworkErrors, registerErrorHandler } from './http/error-handler.ts';
import { registerJsonBodyParser } from './http/json-body-parser.ts';
import { refuseLargeBodies } from './http/refuse-large-bodies.ts';
import { serializeJson } from './http/serialize-json.ts';
import { lifecycleRoutes } from './lifecycle/lifecycle-routes.ts';
import { createStoredSignals } from './metrics/stored-signals.ts';
import type { Fetch } from './rollouts/prometheus-guards.ts';
import { rolloutsRoutes } from './rollouts/rollouts-routes.ts';
import type { SignalSource } from './rollouts/signals-port.ts';
import { segmentsRoutes } from './segments/segments-routes.ts';
import { createServices, type Services, type ServicesConfig } from './services.ts';
import type { Resolver } from './webhooks/webhook-url-guard.ts';
import { webhooksRoutes } from './webhooks/webhooks-routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The composition root's services (tests drive the jobs through `services.jobs`). */
    services: Services;
  }
}

export const API_PREFIX = '/api/v1';

export interface AppOptions {
  config: ServicesConfig & Pick<Config, 'docs'> & Partial<Pick<Config, 'jobs'>>;
  database: Database;
  clock?: () => Date;
  /** Live delivery tuning beyond the config (tests: heartbeat, buffer limits). */
  delivery?: DeliveryConfig;
  /** Where the rollout engine reads SDK signals. @default the metrics slice over PostgreSQL */
  signals?: SignalSource;
  /** Prometheus client for rollout guards (tests). */
  fetch?: Fetch;
  /** DNS for webhook URL checks (tests: a hostile resolver). */
  webhookResolver?: Resolver;
}

/**
 * The whole API as one Fastify plugin: services from the composition root, routes to services, the
 * background jobs started with the app (unless `config.jobs` is false) and stopped before it closes. It
 * never listens: `server.ts` owns the process, and tests call `inject()`.
 */
export async function flagstaffApp(app: FastifyInstance, options: AppOptions): Promise<void> {
  const { database, config } = options;
  const services = createServices({
    database,
    config,
    clock: options.clock ?? (() => new Date()),
    log: app.log,
    signals: options.signals ?? createStoredSignals(database.db),
    ...(options.delivery ? { delivery: options.delivery } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.webhookResolver ? { webhookResolver: options.webhookResolver } : {}),
  });
  const { delivery, flags, snapshots } = services;
  app.decorate('services', services);
  if (config.jobs !== false) app.addHook('onReady', () => services.jobs.start());
  app.addHook('preClose', () => services.jobs.stop());

  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by our own services; plain JSON.stringify is faster than validating them again,
  // and frozen (cached) values are serialised once.
  app.setSerializerCompiler(() => serializeJson);
  registerJsonBodyParser(app);
  refuseLargeBodies(app);
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

  services.metrics.register(app);
  await app.register(healthRoutes(database));
  await app.register(homeRoutes({ docs: config.docs }));
  await app.register(
    async (api) => {
      await api.register(environmentsRoutes(services.environments, snapshots));
      await api.register(flagsRoutes(flags, snapshots, services.lifecycle));
      await api.register(segmentsRoutes(services.segments));
      await api.register(credentialsRoutes(services.credentials));
      await api.register(auditRoutes(services.audit));
      await api.register(rolloutsRoutes(services.rollouts, flags));
      await api.register(lifecycleRoutes(services.lifecycle));
      await api.register(delivery.routes);
      await api.register(webhooksRoutes(services.webhooks));
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
