import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { CredentialsService } from '../credentials/credentials-service.ts';
import type { Db } from '../db/database.ts';
import type { CommittedChange } from '../environments/committed-change.ts';
import { createSignalsIntake } from '../metrics/signals-intake.ts';
import type { ChangeBus } from './change-bus.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { createDeliveryService, type DeliveryOptions } from './delivery-service.ts';
import { createInProcessChangeBus } from './in-process-change-bus.ts';
import { createRedisChangeBus } from './redis-change-bus.ts';
import type { SdkCorsOrigins } from './sdk-cors.ts';
import type { SnapshotSource } from './snapshot-cache.ts';

export interface DeliveryConfig extends DeliveryOptions {
  /** Absent: the in-process bus (a single replica). */
  redisUrl?: string | undefined;
  /** @default 'flagstaff:changes' */
  redisChannel?: string;
  /** Browser origins allowed on the SDK routes. @default '*' */
  corsOrigins?: SdkCorsOrigins;
}

export interface DeliveryDeps {
  db: Db;
  snapshots: SnapshotSource;
  credentials: Pick<CredentialsService, 'authenticate'>;
  log: FastifyBaseLogger;
  clock: () => Date;
}

/** Reports a failing Redis once per interval instead of on every reconnect attempt. */
function throttled(log: FastifyBaseLogger, intervalMs: number) {
  let last = 0;
  return (error: Error) => {
    if (Date.now() - last < intervalMs) return;
    last = Date.now();
    log.warn(
      { err: error },
      'change bus (Redis) unavailable; changes still arrive through the revision check',
    );
  };
}

/**
 * Live delivery wired for one app: the bus chosen by the config, the service, and the hooks the
 * writing services call after their commits.
 */
export function createDelivery(deps: DeliveryDeps, config: DeliveryConfig = {}) {
  const { redisUrl, redisChannel, corsOrigins, ...options } = config;
  const bus: ChangeBus = redisUrl
    ? createRedisChangeBus({
        url: redisUrl,
        ...(redisChannel ? { channel: redisChannel } : {}),
        onError: throttled(deps.log, 10_000),
      })
    : createInProcessChangeBus();
  const service = createDeliveryService(
    {
      db: deps.db,
      snapshots: deps.snapshots,
      authenticate: (token) => deps.credentials.authenticate(token),
      bus,
      warn: (message, error) => deps.log.warn({ err: error }, message),
    },
    options,
  );
  const metrics = createSignalsIntake(deps.db, deps.clock);

  return {
    service,
    /** For services that write: call after the transaction committed. Never throws. */
    committed: (change?: CommittedChange): void => {
      // After the writer's answer is on its way: encoding the new snapshots (a few ms for three
      // environments of 100 flags) must not sit between the commit and the acknowledgement.
      setImmediate(() => void service.committed(change));
    },
    /** For the credentials service: call after a revocation committed. */
    revoked: (credentialId: string): void => service.revoked(credentialId),
    /** The SDK routes, and the service's start and stop with the app. */
    routes: async (app: FastifyInstance) => {
      app.addHook('onReady', () => service.start());
      app.addHook('preClose', () => service.close());
      // Reports received are written before the database closes.
      app.addHook('onClose', () => metrics.close());
      await app.register(deliveryRoutes(service, metrics, corsOrigins ? { corsOrigins } : {}));
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
