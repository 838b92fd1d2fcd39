import type { Cohort, Condition, JsonValue, Rule, Serve, Variant } from '@flagstaff/evaluator';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const environments = pgTable('environments', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  /** Bumped in the same transaction as every change visible in this environment. */
  revision: integer('revision').notNull().default(0),
  createdAt: createdAt(),
});

export const flags = pgTable(
  'flags',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    type: text('type').notNull(),
    owner: text('owner'),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    variants: jsonb('variants').$type<Variant[]>().notNull(),
    salt: text('salt').notNull(),
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [index('flags_type_idx').on(t.type), index('flags_owner_idx').on(t.owner)],
);

export const flagEnvironments = pgTable(
  'flag_environments',
  {
    flagKey: text('flag_key')
      .notNull()
      .references(() => flags.key),
    environmentKey: text('environment_key')
      .notNull()
      .references(() => environments.key),
    enabled: boolean('enabled').notNull().default(false),
    offVariant: text('off_variant').notNull(),
    rules: jsonb('rules').$type<Rule[]>().notNull().default(sql`'[]'::jsonb`),
    fallthrough: jsonb('fallthrough').$type<Serve>().notNull(),
    clientVisible: boolean('client_visible').notNull().default(false),
    /** The flag version that last changed what this environment serves; null: the flag's version. */
    servedVersion: integer('served_version'),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.environmentKey] })],
);

export const flagVersions = pgTable(
  'flag_versions',
  {
    flagKey: text('flag_key')
      .notNull()
      .references(() => flags.key),
    version: integer('version').notNull(),
    /** The whole flag document (definition and every environment's state) as of this version. */
    document: jsonb('document').$type<JsonValue>().notNull(),
    actor: text('actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.version] })],
);

export const segments = pgTable('segments', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  included: jsonb('included').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  excluded: jsonb('excluded').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  conditions: jsonb('conditions').$type<Condition[]>().notNull().default(sql`'[]'::jsonb`),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const credentials = pgTable('credentials', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  environmentKey: text('environment_key').references(() => environments.key),
  /** SHA-256 of the token; the token itself is never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  /** The first characters of the token, to recognise it in a list. */
  hint: text('hint').notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceKey: text('resource_key').notNull(),
    environmentKey: text('environment_key'),
    before: jsonb('before').$type<JsonValue>(),
    after: jsonb('after').$type<JsonValue>(),
    /** Why, when the actor said (an expiry extension, a cleanup run). */
    reason: text('reason'),
  },
  (t) => [
    index('audit_resource_idx').on(t.resourceType, t.resourceKey, t.id),
    index('audit_actor_idx').on(t.actor, t.id),
    index('audit_at_idx').on(t.at),
  ],
);

/** Evaluation counts reported by SDKs (`POST /api/v1/sdk/metrics`), one row per flag and variant per batch. */
export const sdkEvaluationCounts = pgTable(
  'sdk_evaluation_counts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    environmentKey: text('environment_key')
      .notNull()
      .references(() => environments.key),
    credentialId: text('credential_id').notNull(),
    flagKey: text('flag_key').notNull(),
    variant: text('variant').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sdk_evaluation_counts_flag_idx').on(t.environmentKey, t.flagKey, t.windowStart)],
);

/** One row per committed change, written in the change's transaction; the relay dispatches it (ADR 0008). */
export const outbox = pgTable('outbox', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  type: text('type').notNull(),
  environmentKey: text('environment_key'),
  subjectKind: text('subject_kind').notNull(),
  subjectKey: text('subject_key').notNull(),
  message: text('message').notNull(),
  data: jsonb('data').$type<JsonValue>().notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
  dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
});

/** Which replica runs a background job's next tick, and until when (ADR 0009). */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
});

export const rolloutPlans = pgTable('rollout_plans', {
  id: text('id').primaryKey(),
  flagKey: text('flag_key')
    .notNull()
    .references(() => flags.key),
  environmentKey: text('environment_key')
    .notNull()
    .references(() => environments.key),
  status: text('status').notNull(),
  template: text('template').notNull(),
  risk: jsonb('risk').$type<JsonValue>().notNull().default(sql`'{}'::jsonb`),
  stages: jsonb('stages').$type<JsonValue>().notNull(),
  stageIndex: integer('stage_index').notNull(),
  stageStartedAt: timestamp('stage_started_at', { withTimezone: true }).notNull(),
  /** The flag version the current stage wrote: signals from SDKs on older versions do not count. */
  stageFlagVersion: integer('stage_flag_version').notNull(),
  treatmentVariant: text('treatment_variant').notNull(),
  stableVariant: text('stable_variant').notNull(),
  criteria: jsonb('criteria').$type<JsonValue>().notNull(),
  guards: jsonb('guards').$type<JsonValue>().notNull().default(sql`'[]'::jsonb`),
  lastVerdict: jsonb('last_verdict').$type<JsonValue>(),
  alerts: jsonb('alerts').$type<JsonValue>().notNull().default(sql`'{}'::jsonb`),
  endedReason: jsonb('ended_reason').$type<JsonValue>(),
  version: integer('version').notNull().default(1),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});

export const rolloutEvents = pgTable('rollout_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  planId: text('plan_id')
    .notNull()
    .references(() => rolloutPlans.id),
  at: timestamp('at', { withTimezone: true }).notNull(),
  kind: text('kind').notNull(),
  actor: text('actor').notNull(),
  fromPercentage: numeric('from_percentage', { mode: 'number' }),
  toPercentage: numeric('to_percentage', { mode: 'number' }),
  message: text('message').notNull(),
  figures: jsonb('figures').$type<JsonValue>().notNull().default(sql`'{}'::jsonb`),
});
/**
 * SDK signals (`POST /api/v1/sdk/metrics`, ADR 0008), aggregated per 10 s bucket: one row per
 * flag, bucket, flag version, variant and cohort, merged by upsert (counts added, maps added with
 * `flagstaff_add_counts`). No foreign key: the SDK key already names an existing environment, and
 * the intake's upserts stay one index lookup each.
 */
export const sdkSignalBuckets = pgTable(
  'sdk_signal_buckets',
  {
    environmentKey: text('environment_key').notNull(),
    flagKey: text('flag_key').notNull(),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    flagVersion: integer('flag_version').notNull(),
    variant: text('variant').notNull(),
    cohort: text('cohort').$type<Cohort>().notNull(),
    exposures: bigint('exposures', { mode: 'number' }).notNull().default(0),
    calls: bigint('calls', { mode: 'number' }).notNull().default(0),
    errors: jsonb('errors').$type<Record<string, number>>().notNull().default({}),
    latencyZero: bigint('latency_zero', { mode: 'number' }).notNull().default(0),
    latencyBins: jsonb('latency_bins').$type<Record<string, number>>().notNull().default({}),
    conversions: jsonb('conversions').$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [
    primaryKey({
      name: 'sdk_signal_buckets_pk',
      columns: [t.environmentKey, t.flagKey, t.bucketStart, t.flagVersion, t.variant, t.cohort],
    }),
    index('sdk_signal_buckets_start_idx').on(t.bucketStart),
  ],
);

/** Batch ids already counted, per credential: a retried report is acknowledged and not counted again. */
export const sdkSignalBatches = pgTable(
  'sdk_signal_batches',
  {
    credentialId: text('credential_id').notNull(),
    batchId: text('batch_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'sdk_signal_batches_pk', columns: [t.credentialId, t.batchId] }),
    index('sdk_signal_batches_received_idx').on(t.receivedAt),
  ],
);

/** Webhook subscriptions. `secret` is an HMAC key, so it is kept as is (a hash could not sign); never returned after creation. */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  description: text('description').notNull().default(''),
  /** Event types or patterns (`rollout.*`, `*`). */
  events: jsonb('events').$type<string[]>().notNull(),
  /** Null: every environment. Events without an environment always pass this filter. */
  environments: jsonb('environments').$type<string[] | null>(),
  format: text('format').notNull().default('json'),
  enabled: boolean('enabled').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One event to one subscription; sent at least once, retried with backoff until delivered or failed. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The exact bytes sent (and signed) on every attempt. */
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    /** A sender's claim: nobody else sends this delivery before it passes. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event_idx').on(t.subscriptionId, t.eventId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.id),
  ],
);

/** Every attempt at a delivery, for the delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: bigint('delivery_id', { mode: 'number' })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    /** When the next attempt is due; null when this one was the last. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
);
/** One row: the installation's secret, made by migration 0004 and never shown by the API. */
export const installation = pgTable('installation', {
  id: boolean('id').primaryKey().default(true),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});

/** When SDKs first and last evaluated a flag per environment, beyond the signal buckets' retention. */
export const flagSightings = pgTable(
  'flag_sightings',
  {
    environmentKey: text('environment_key').notNull(),
    flagKey: text('flag_key').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'flag_sightings_pk', columns: [t.environmentKey, t.flagKey] })],
);

/** One row per cleanup run; a scheduled run claims its slot, so each period runs once (migration 0007). */
export const cleanupRuns = pgTable('cleanup_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  slot: text('slot').unique(),
  trigger: text('trigger').notNull(),
  actor: text('actor').notNull(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  flagged: integer('flagged').notNull().default(0),
  owners: integer('owners').notNull().default(0),
  notified: integer('notified').notNull().default(0),
});

/** The reasons the last cleanup run found per flag ('' environment: not about one environment). */
export const flagCleanupMarks = pgTable(
  'flag_cleanup_marks',
  {
    flagKey: text('flag_key')
      .notNull()
      .references(() => flags.key),
    code: text('code').notNull(),
    environmentKey: text('environment_key').notNull().default(''),
    firstMarkedAt: timestamp('first_marked_at', { withTimezone: true }).notNull(),
    lastMarkedAt: timestamp('last_marked_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'flag_cleanup_marks_pk', columns: [t.flagKey, t.code, t.environmentKey] })],
);
