import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import {
  environments,
  flagEnvironments,
  flagSightings,
  flags,
  flagVersions,
  rolloutPlans,
  sdkSignalBuckets,
} from '../db/schema.ts';
import type { FlagView } from '../flags/flag-document.ts';
import { ACTIVE_STATUSES } from '../rollouts/rollout-model.ts';
import type { EnvironmentFacts, FlagFacts } from './lifecycle-rules.ts';

interface FactRow {
  flag_key: string;
  environment_key: string;
  served_changed_at: Date | string;
  first_seen_at: Date | string | null;
  last_seen_at: Date | string | null;
  active_plan: boolean;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
const dateOf = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * The facts behind the lifecycle of `views`, per environment, in one round trip: when what each
 * environment serves last changed (the version that set it), when SDKs first and last evaluated the flag
 * there (rolled-up sightings, and the signal buckets still kept: each an index probe), and whether a plan
 * is active.
 */
export async function loadFlagFacts(db: Db, views: FlagView[]): Promise<FlagFacts[]> {
  if (views.length === 0) return [];
  const keys = views.map((view) => view.key);
  const bucket = (order: 'asc' | 'desc') => sql.raw(order);
  const seen = (order: 'asc' | 'desc') => sql`(select b.bucket_start from ${sdkSignalBuckets} b
      where b.environment_key = e.key and b.flag_key = f.key and b.exposures > 0
      order by b.bucket_start ${bucket(order)} limit 1)`;
  const rows = rowsOf<FactRow>(
    await db.execute(sql`
      select f.key as flag_key, e.key as environment_key,
        case when fe.flag_key is null then f.created_at else coalesce(fv.created_at, f.created_at) end
          as served_changed_at,
        least(s.first_seen_at, ${seen('asc')}) as first_seen_at,
        greatest(s.last_seen_at, ${seen('desc')}) as last_seen_at,
        exists (select 1 from ${rolloutPlans} p where p.flag_key = f.key and p.environment_key = e.key
          and p.status in (${sql.join(
            ACTIVE_STATUSES.map((status) => sql`${status}`),
            sql`, `,
          )})) as active_plan
      from ${flags} f cross join ${environments} e
      left join ${flagEnvironments} fe on fe.flag_key = f.key and fe.environment_key = e.key
      left join ${flagVersions} fv on fv.flag_key = f.key and fv.version = coalesce(fe.served_version, f.version)
      left join ${flagSightings} s on s.flag_key = f.key and s.environment_key = e.key
      where f.key in (${sql.join(
        keys.map((key) => sql`${key}`),
        sql`, `,
      )})`),
  );
  const byFlag = new Map<string, Record<string, EnvironmentFacts>>();
  for (const row of rows) {
    const envs = byFlag.get(row.flag_key) ?? {};
    envs[row.environment_key] = {
      servedChangedAt: new Date(row.served_changed_at),
      firstSeenAt: dateOf(row.first_seen_at),
      lastSeenAt: dateOf(row.last_seen_at),
      activePlan: row.active_plan === true,
    };
    byFlag.set(row.flag_key, envs);
  }
  return views.map((view) => {
    const { version: _v, updatedAt, state: _s, ...flag } = view;
    return { flag, updatedAt: new Date(updatedAt), environments: byFlag.get(view.key) ?? {} };
  });
}

/**
 * Keeps when each flag was first and last evaluated beyond the buckets' retention: rolls up the buckets
 * older than `before` (the ones the retention job is about to delete) into `flag_sightings`.
 */
export async function rollUpSightings(db: Db, before: Date): Promise<void> {
  await db.execute(sql`
    insert into ${flagSightings} (environment_key, flag_key, first_seen_at, last_seen_at)
    select environment_key, flag_key, min(bucket_start), max(bucket_start) from ${sdkSignalBuckets}
    where bucket_start < ${before.toISOString()}::timestamptz and exposures > 0
    group by environment_key, flag_key
    on conflict (environment_key, flag_key) do update set
      first_seen_at = least(${flagSightings.firstSeenAt}, excluded.first_seen_at),
      last_seen_at = greatest(${flagSightings.lastSeenAt}, excluded.last_seen_at)`);
}
