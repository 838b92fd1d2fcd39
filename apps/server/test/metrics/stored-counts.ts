import { and, asc, eq, sum } from 'drizzle-orm';
import type { Db } from '../../src/db/database.ts';
import { sdkSignalBuckets } from '../../src/db/schema.ts';

/** Exposures stored for a flag, per variant (all buckets, versions and cohorts), by variant key. */
export async function storedCounts(db: Db, environment: string, flagKey: string) {
  const t = sdkSignalBuckets;
  const rows = await db
    .select({ variant: t.variant, count: sum(t.exposures).mapWith(Number) })
    .from(t)
    .where(and(eq(t.environmentKey, environment), eq(t.flagKey, flagKey)))
    .groupBy(t.variant)
    .orderBy(asc(t.variant));
  return rows.map(({ variant, count }) => ({ variant, count }));
}
