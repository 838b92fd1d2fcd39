import { z } from 'zod';
import { DEFAULT_CHANNEL } from './delivery/redis-change-bus.ts';
import {
  type AllowEntry,
  type AllowList,
  allowListOf,
  parseAllowEntry,
} from './webhooks/webhook-url-guard.ts';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** `*`, or a comma-separated list of origins (`https://app.example.com`), each kept as the browser sends it. */
const corsOrigins = z.string().transform((value, context): '*' | string[] => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 1 && entries[0] === '*') return '*';
  const origins: string[] = [];
  for (const entry of entries) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!url || !bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      context.addIssue({
        code: 'custom',
        message: `"${entry}" is not an origin: use * alone, or origins like https://app.example.com separated by commas`,
      });
      return z.NEVER;
    }
    origins.push(url.origin);
  }
  return origins;
});

/** Comma-separated host names, addresses and CIDR ranges that webhooks may call although they are private. */
const webhookAllow = z.string().transform((value, context): AllowList => {
  const entries: AllowEntry[] = [];
  for (const raw of value.split(',').filter((entry) => entry.trim() !== '')) {
    const entry = parseAllowEntry(raw);
    if (typeof entry === 'string') {
      context.addIssue({ code: 'custom', message: entry });
      return z.NEVER;
    }
    entries.push(entry);
  }
  return allowListOf(entries);
});

const configSchema = z.object({
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  FLAGSTAFF_DATA_DIR: z.string().min(1).default('.data/flagstaff'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLAGSTAFF_ADMIN_TOKEN: z.string().min(24).max(200).optional(),
  FLAGSTAFF_MAX_LIFETIME_RELEASE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  FLAGSTAFF_MAX_LIFETIME_EXPERIMENT_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  FLAGSTAFF_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
  FLAGSTAFF_DOCS: booleanString.default(true),
  FLAGSTAFF_READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  FLAGSTAFF_REDIS_CHANNEL: z
    .string()
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .default(DEFAULT_CHANNEL),
  FLAGSTAFF_REVISION_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  FLAGSTAFF_SDK_CORS_ORIGINS: corsOrigins.default('*'),
  FLAGSTAFF_JOBS: booleanString.default(true),
  FLAGSTAFF_ROLLOUT_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  FLAGSTAFF_PROMETHEUS_URL: z.url({ protocol: /^https?$/ }).optional(),
  FLAGSTAFF_METRICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FLAGSTAFF_WEBHOOK_ALLOW: webhookAllow.prefault(''),
  FLAGSTAFF_STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FLAGSTAFF_CLEANUP_EVERY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 365)
    .default(24),
});

export interface Config {
  /** Absent: embedded PostgreSQL (PGlite) in `dataDir`. */
  databaseUrl: string | undefined;
  databasePoolMax: number;
  dataDir: string;
  host: string;
  port: number;
  logLevel: string;
  bootstrapAdminToken: string | undefined;
  maxLifetimeDays: { release: number; experiment: number };
  bodyLimitBytes: number;
  docs: boolean;
  /** How long a replica may serve a flag read from memory; its own writes invalidate at once. 0: off. */
  readCacheMs: number;
  /** Absent: an in-process change bus (one replica). Set: Redis pub/sub between replicas. */
  redisUrl: string | undefined;
  /** The Redis pub/sub channel of the change bus: replicas of one deployment share it. */
  redisChannel: string;
  /** How often each replica reads every environment's revision from Postgres, whatever the bus says. */
  revisionCheckMs: number;
  /**
   * Browser origins that may call the SDK routes (`/api/v1/sdk/*`): `*` (any: client keys are public and
   * nothing there uses cookies) or a list. The management API never answers cross-origin requests.
   */
  sdkCorsOrigins: '*' | string[];
  /** Whether this replica runs the background jobs (outbox relay, rollout engine); any number may. */
  jobs: boolean;
  /** How often the rollout engine looks at every running plan. */
  rolloutTickMs: number;
  /** Prometheus's base URL, for the rollout plans' infrastructure guards (PromQL). */
  prometheusUrl: string | undefined;
  /** SDK signal buckets older than this are deleted (pruneSignals, run by the jobs). */
  metricsRetentionDays: number;
  /**
   * Private hosts, addresses or CIDR ranges webhooks may call anyway (`hooks.corp.internal,10.20.0.0/16`).
   * Empty by default: loopback, private, link-local and metadata addresses are refused.
   */
  webhookAllow: AllowList;
  /**
   * A flag at 100% (or 0%) everywhere and unchanged this long, or not evaluated by any SDK this long,
   * is due for cleanup (the playbook's 30 days).
   */
  staleAfterDays: number;
  /** How often the cleanup job runs (once per period across replicas). */
  cleanupEveryHours: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The one reader of `process.env`. Fails fast with every bad variable named. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    databaseUrl: c.DATABASE_URL,
    databasePoolMax: c.DATABASE_POOL_MAX,
    dataDir: c.FLAGSTAFF_DATA_DIR,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    bootstrapAdminToken: c.FLAGSTAFF_ADMIN_TOKEN,
    maxLifetimeDays: {
      release: c.FLAGSTAFF_MAX_LIFETIME_RELEASE_DAYS,
      experiment: c.FLAGSTAFF_MAX_LIFETIME_EXPERIMENT_DAYS,
    },
    bodyLimitBytes: c.FLAGSTAFF_BODY_LIMIT_BYTES,
    docs: c.FLAGSTAFF_DOCS,
    readCacheMs: c.FLAGSTAFF_READ_CACHE_MS,
    redisUrl: c.REDIS_URL,
    redisChannel: c.FLAGSTAFF_REDIS_CHANNEL,
    revisionCheckMs: c.FLAGSTAFF_REVISION_CHECK_MS,
    sdkCorsOrigins: c.FLAGSTAFF_SDK_CORS_ORIGINS,
    jobs: c.FLAGSTAFF_JOBS,
    rolloutTickMs: c.FLAGSTAFF_ROLLOUT_TICK_MS,
    prometheusUrl: c.FLAGSTAFF_PROMETHEUS_URL,
    metricsRetentionDays: c.FLAGSTAFF_METRICS_RETENTION_DAYS,
    webhookAllow: c.FLAGSTAFF_WEBHOOK_ALLOW,
    staleAfterDays: c.FLAGSTAFF_STALE_AFTER_DAYS,
    cleanupEveryHours: c.FLAGSTAFF_CLEANUP_EVERY_HOURS,
  };
}
