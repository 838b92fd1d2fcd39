import type { FastifyBaseLogger } from 'fastify';
import { createAuditService } from './audit/audit-service.ts';
import type { Config } from './config.ts';
import { createCredentialsService } from './credentials/credentials-service.ts';
import type { Database } from './db/database.ts';
import { createDelivery, type DeliveryConfig } from './delivery/create-delivery.ts';
import { createEnvironmentsService } from './environments/environments-service.ts';
import { createSnapshotService } from './environments/snapshot-service.ts';
import { type OutboxSink, outboxRelayJob } from './events/outbox-relay.ts';
import { createFlagsService } from './flags/flags-service.ts';
import { createReadCache } from './flags/read-cache.ts';
import { createJobRunner } from './jobs/job-runner.ts';
import { cleanupJob } from './lifecycle/cleanup-job.ts';
import { rollUpSightings } from './lifecycle/lifecycle-facts.ts';
import { DEFAULT_LIFECYCLE_POLICY } from './lifecycle/lifecycle-rules.ts';
import { createLifecycleService } from './lifecycle/lifecycle-service.ts';
import { pruneSignals } from './metrics/signals-repository.ts';
import { createMetricsRegistry } from './observability/metrics-registry.ts';
import type { Fetch } from './rollouts/prometheus-guards.ts';
import { rolloutEngineJob } from './rollouts/rollout-engine.ts';
import { createRolloutGuard } from './rollouts/rollout-guard.ts';
import { createRolloutsService } from './rollouts/rollouts-service.ts';
import type { SignalSource } from './rollouts/signals-port.ts';
import { createSegmentsService } from './segments/segments-service.ts';
import { fanOutEvent } from './webhooks/fan-out-event.ts';
import { sendDueWebhooks } from './webhooks/send-due-webhooks.ts';
import type { Resolver } from './webhooks/webhook-url-guard.ts';
import { pruneWebhookDeliveries } from './webhooks/webhooks-repository.ts';
import { createWebhooksService } from './webhooks/webhooks-service.ts';

export type ServicesConfig = Pick<Config, 'maxLifetimeDays'> &
  Partial<
    Pick<
      Config,
      | 'readCacheMs'
      | 'redisUrl'
      | 'redisChannel'
      | 'revisionCheckMs'
      | 'sdkCorsOrigins'
      | 'rolloutTickMs'
      | 'prometheusUrl'
      | 'webhookAllow'
      | 'metricsRetentionDays'
      | 'staleAfterDays'
      | 'cleanupEveryHours'
    >
  >;

export interface ServicesDeps {
  database: Database;
  config: ServicesConfig;
  clock: () => Date;
  log: FastifyBaseLogger;
  /** Live delivery tuning beyond the config (tests: heartbeat, buffer limits). */
  delivery?: DeliveryConfig;
  /** Where the rollout engine reads SDK signals. */
  signals: SignalSource;
  /** More receivers of the outbox (webhooks). */
  sinks?: OutboxSink[];
  /** For Prometheus guards (tests inject). */
  fetch?: Fetch;
  /** DNS for webhook URL checks (tests: a hostile resolver). */
  webhookResolver?: Resolver | undefined;
}

/**
 * The composition root: every service built from `{ database, config, clock }`, with the background
 * jobs registered (not started). The HTTP app, the jobs and the tests all build from here.
 */
export function createServices(deps: ServicesDeps) {
  const { database, config, clock, log } = deps;
  const db = database.db;
  const credentials = createCredentialsService(db, (id) => delivery.revoked(id));
  const snapshots = createSnapshotService(db);
  const delivery = createDelivery(
    { db, snapshots, credentials, log, clock },
    {
      redisUrl: config.redisUrl,
      ...(config.redisChannel ? { redisChannel: config.redisChannel } : {}),
      ...(config.sdkCorsOrigins ? { corsOrigins: config.sdkCorsOrigins } : {}),
      ...(config.revisionCheckMs ? { revisionCheckMs: config.revisionCheckMs } : {}),
      ...deps.delivery,
    },
  );
  const reads = createReadCache(config.readCacheMs ?? 0);
  const flags = createFlagsService({
    db,
    policy: { maxLifetimeDays: config.maxLifetimeDays },
    clock,
    onCommit: delivery.committed,
    reads,
    guard: createRolloutGuard(clock),
  });
  // A new environment appears in every flag: cached flag reads are out of date.
  const environmentCommitted = () => {
    reads.invalidate();
    delivery.committed();
  };
  const rollouts = createRolloutsService({
    db,
    flags,
    signals: deps.signals,
    clock,
    prometheusUrl: config.prometheusUrl,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const webhooks = createWebhooksService(
    db,
    { allow: config.webhookAllow, resolve: deps.webhookResolver },
    clock,
  );
  const jobs = createJobRunner({ db, clock, log });
  jobs.register(
    outboxRelayJob({
      db,
      // Webhook deliveries are queued in the transaction that marks the event dispatched: once.
      sinks: [fanOutEvent, ...(deps.sinks ?? [])],
      // Another replica's writes reach this one through the bus; this is the backstop after a crash.
      afterDispatch: () => delivery.committed(),
    }),
  );
  const metrics = createMetricsRegistry({ db, streamCount: () => delivery.service.streamCount() });
  jobs.register({
    name: 'webhook-sender',
    everyMs: 1_000,
    exclusive: 'claims',
    run: async (now) => {
      await sendDueWebhooks({ db, log, allow: config.webhookAllow, resolve: deps.webhookResolver }, now);
    },
  });
  jobs.register({
    name: 'retention',
    everyMs: 3_600_000,
    exclusive: 'lease',
    run: async (now) => {
      const days = config.metricsRetentionDays ?? 30;
      // When flags were last evaluated outlives the buckets that said so.
      await rollUpSightings(db, new Date(now.getTime() - days * 86_400_000));
      await pruneSignals(db, now, { bucketsDays: days, batchIdsHours: 24 });
      await pruneWebhookDeliveries(db, new Date(now.getTime() - days * 86_400_000));
    },
  });
  const staleAfterDays = config.staleAfterDays ?? DEFAULT_LIFECYCLE_POLICY.staleAfterDays;
  const lifecycle = createLifecycleService({
    db,
    clock,
    policy: { ...DEFAULT_LIFECYCLE_POLICY, staleAfterDays, unseenAfterDays: staleAfterDays },
  });
  jobs.register(cleanupJob(lifecycle, (config.cleanupEveryHours ?? 24) * 3_600_000));
  jobs.register(
    rolloutEngineJob(
      { db, flags, rollouts, log, onTransition: metrics.decided },
      config.rolloutTickMs ?? 5_000,
    ),
  );

  return {
    credentials,
    snapshots,
    delivery,
    reads,
    flags,
    segments: createSegmentsService(db, clock, delivery.committed),
    environments: createEnvironmentsService(db, environmentCommitted),
    audit: createAuditService(db),
    rollouts,
    lifecycle,
    webhooks,
    jobs,
    metrics,
  };
}

export type Services = ReturnType<typeof createServices>;
