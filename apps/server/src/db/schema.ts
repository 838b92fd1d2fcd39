import type { Condition, JsonValue, Rule, Serve, Variant } from '@flagstaff/evaluator';
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
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

/** One row: the installation's secret, made by migration 0004 and never shown by the API. */
export const installation = pgTable('installation', {
  id: boolean('id').primaryKey().default(true),
  secret: text('secret').notNull(),
  createdAt: createdAt(),
});
