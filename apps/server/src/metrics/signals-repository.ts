import { COHORTS, type Cohort } from '@flagstaff/evaluator';
import { and, asc, eq, gt, gte, inArray, lt, max, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { sdkSignalBatches, sdkSignalBuckets } from '../db/schema.ts';
import { hasSqlState } from '../errors.ts';
import type { CohortSignals as PortCohortSignals } from '../rollouts/signals-port.ts';
import { type LatencySketch, sketchFromBins } from './latency-sketch.ts';

export type { Cohort } from '@flagstaff/evaluator';

/** What the SDKs reported for one cohort over a window: the engine's shape, with a mergeable sketch. */
export type CohortSignals = PortCohortSignals & { latency: LatencySketch };

export interface SignalsQuery {
  environment: string;
  flagKey: string;
  /** Only flag versions from this one on (a plan's version at start: earlier edits are another flag). */
  minVersion: number;
  /** Buckets that start at or after `since` and before `until`. */
  since: Date;
  until: Date;
}

/** The width of a time bucket: reports are aggregated per flag, version, variant and cohort in each. */
export const BUCKET_MS = 10_000;

/** Errors and conversions: distinct names kept per bucket row before the rest fold into `other`. */
const MAX_NAMES_PER_ROW = 50;
/** Latency bins are bounded by the intake's index range: no folding. */
const MAX_BINS_PER_ROW = 1_000_000;

export type SignalRow = typeof sdkSignalBuckets.$inferInsert & {
  exposures: number;
  calls: number;
  latencyZero: number;
  errors: Record<string, number>;
  latencyBins: Record<string, number>;
  conversions: Record<string, number>;
};

/**
 * Claims batch ids for counting: returns the keys (`credential\u0000batch`) that were new. A batch
 * id claimed by another transaction that is still open waits for it, so two replicas never both count one.
 */
export async function claimBatches(
  db: Db,
  batches: { credentialId: string; batchId: string }[],
  receivedAt: Date,
): Promise<Set<string>> {
  if (batches.length === 0) return new Set();
  const claimed = await db
    .insert(sdkSignalBatches)
    .values(batches.map((b) => ({ ...b, receivedAt })))
    .onConflictDoNothing()
    .returning({ credentialId: sdkSignalBatches.credentialId, batchId: sdkSignalBatches.batchId });
  return new Set(claimed.map((b) => `${b.credentialId}\u0000${b.batchId}`));
}

/** The rows as one JSON parameter (drizzle's multi-row insert cost more CPU to build than PostgreSQL took to run it). */
function rowsJson(rows: SignalRow[]): string {
  return JSON.stringify(
    rows.map((r) => ({
      e: r.environmentKey,
      f: r.flagKey,
      b: (r.bucketStart as Date).toISOString(),
      v: r.flagVersion,
      n: r.variant,
      c: r.cohort,
      x: r.exposures,
      k: r.calls,
      er: r.errors,
      z: r.latencyZero,
      l: r.latencyBins,
      cv: r.conversions,
    })),
  );
}

/** The upsert of rows from `r` (a `jsonb_to_recordset`), after `prefix` (a WITH clause, or nothing) and filtered by `where`. */
function upsertRows(rows: SignalRow[], prefix = sql``, where = sql`true`) {
  // Most rows add no error, bin or conversion: their maps are kept as they are, without a merge.
  return sql`
    ${prefix}
    insert into sdk_signal_buckets as t (environment_key, flag_key, bucket_start, flag_version, variant, cohort,
      exposures, calls, errors, latency_zero, latency_bins, conversions)
    select e, f, b, v, n, c, x, k, er, z, l, cv
    from jsonb_to_recordset(${rowsJson(rows)}::jsonb) as r(e text, f text, b timestamptz, v integer, n text, c text,
      x bigint, k bigint, er jsonb, z bigint, l jsonb, cv jsonb)
    where ${where}
    on conflict (environment_key, flag_key, bucket_start, flag_version, variant, cohort) do update set
      exposures = t.exposures + excluded.exposures,
      calls = t.calls + excluded.calls,
      latency_zero = t.latency_zero + excluded.latency_zero,
      errors = case when excluded.errors = '{}' then t.errors else flagstaff_add_counts(t.errors, excluded.errors, ${MAX_NAMES_PER_ROW}) end,
      latency_bins = case when excluded.latency_bins = '{}' then t.latency_bins else flagstaff_add_counts(t.latency_bins, excluded.latency_bins, ${MAX_BINS_PER_ROW}) end,
      conversions = case when excluded.conversions = '{}' then t.conversions else flagstaff_add_counts(t.conversions, excluded.conversions, ${MAX_NAMES_PER_ROW}) end
  `;
}

/**
 * Adds rows (unique by primary key) into their buckets, in one statement whatever their number.
 * Callers sort the rows by key so that concurrent writers lock rows in the same order (no deadlock
 * between replicas).
 */
export async function addSignalRows(db: Db, rows: SignalRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(upsertRows(rows));
}

/** A batch id of the group was claimed before: nothing of the statement was kept. */
export class BatchCountedBeforeError extends Error {
  constructor(cause: unknown) {
    super('a batch of this write was counted before', { cause });
  }
}

/**
 * Claims every batch id and adds the rows (the merged reports of those batches), in one statement:
 * one round trip and its own transaction. If any batch id was claimed before, the statement is
 * undone whole (`flagstaff_expect_new_batches`, migration 0008) and this throws
 * BatchCountedBeforeError: the caller then claims first and adds only the new batches. Batch ids
 * must be distinct; rows sorted as for addSignalRows.
 */
export async function addNewBatches(
  db: Db,
  batches: { credentialId: string; batchId: string }[],
  receivedAt: Date,
  rows: SignalRow[],
): Promise<void> {
  const claim = sql`with claimed as (
      insert into sdk_signal_batches (credential_id, batch_id, received_at)
      select c, b, ${receivedAt.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(batches.map((b) => ({ c: b.credentialId, b: b.batchId })))}::jsonb) as n(c text, b text)
      on conflict do nothing
      returning 1
    )`;
  // In a sub-select: checked once (an init plan) before any row is added, not once per row. No
  // rows: the claims alone, nothing to undo.
  const allNew = sql`(select flagstaff_expect_new_batches((select count(*) from claimed), ${batches.length}))`;
  try {
    if (rows.length === 0) await db.execute(sql`${claim} select ${allNew}`);
    else await db.execute(upsertRows(rows, claim, allNew));
  } catch (error) {
    if (hasSqlState(error, 'FS001')) throw new BatchCountedBeforeError(error);
    throw error;
  }
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const key in from) into[key] = (into[key] ?? 0) + Number(from[key]);
}

function emptyCohort(): CohortSignals {
  return { exposures: 0, calls: 0, errors: {}, latency: sketchFromBins(), conversions: {} };
}

function emptyCohorts(): Record<Cohort, CohortSignals> {
  return Object.fromEntries(COHORTS.map((c) => [c, emptyCohort()])) as Record<Cohort, CohortSignals>;
}

type StoredRow = typeof sdkSignalBuckets.$inferSelect;

function addRow(into: CohortSignals, row: StoredRow): void {
  into.exposures += Number(row.exposures);
  into.calls += Number(row.calls);
  addCounts(into.errors, row.errors);
  addCounts(into.conversions, row.conversions);
  into.latency.merge(sketchFromBins(row.latencyBins, Number(row.latencyZero)));
}

function selectRows(db: Db, q: SignalsQuery) {
  const t = sdkSignalBuckets;
  return db
    .select()
    .from(t)
    .where(
      and(
        eq(t.environmentKey, q.environment),
        eq(t.flagKey, q.flagKey),
        gte(t.bucketStart, q.since),
        lt(t.bucketStart, q.until),
        gte(t.flagVersion, q.minVersion),
        inArray(t.cohort, [...COHORTS]),
      ),
    )
    .orderBy(asc(t.bucketStart));
}

/** Each cohort's signals over the window, merged across buckets, variants, versions and SDKs. */
export async function readSignals(db: Db, q: SignalsQuery): Promise<Record<Cohort, CohortSignals>> {
  const cohorts = emptyCohorts();
  for (const row of await selectRows(db, q)) addRow(cohorts[row.cohort], row);
  return cohorts;
}

/** The same per time bucket (only buckets with data), oldest first: for trends. */
export async function readSignalSeries(
  db: Db,
  q: SignalsQuery,
): Promise<{ bucketStart: Date; cohorts: Record<Cohort, CohortSignals> }[]> {
  const series: { bucketStart: Date; cohorts: Record<Cohort, CohortSignals> }[] = [];
  for (const row of await selectRows(db, q)) {
    let last = series.at(-1);
    if (last === undefined || last.bucketStart.getTime() !== row.bucketStart.getTime()) {
      last = { bucketStart: row.bucketStart, cohorts: emptyCohorts() };
      series.push(last);
    }
    addRow(last.cohorts[row.cohort], row);
  }
  return series;
}

/** The start of the last bucket in which any SDK reported an exposure of the flag, if any. */
export async function lastSeen(db: Db, environment: string, flagKey: string): Promise<Date | undefined> {
  const t = sdkSignalBuckets;
  const [row] = await db
    .select({ last: max(t.bucketStart) })
    .from(t)
    .where(and(eq(t.environmentKey, environment), eq(t.flagKey, flagKey), gt(t.exposures, 0)));
  return row?.last ?? undefined;
}

export interface SignalsRetention {
  /** Buckets older than this many days are deleted. */
  bucketsDays: number;
  /** Batch ids older than this many hours are forgotten (a retry after that would count again). */
  batchIdsHours: number;
}

/** Deletes buckets and batch ids past retention; returns how many of each. */
export async function pruneSignals(
  db: Db,
  now: Date,
  retention: SignalsRetention,
): Promise<{ buckets: number; batchIds: number }> {
  const bucketsBefore = new Date(now.getTime() - retention.bucketsDays * 86_400_000);
  const batchesBefore = new Date(now.getTime() - retention.batchIdsHours * 3_600_000);
  // Counted in SQL: a month of buckets is too many rows to return.
  const result = (await db.execute(sql`
    with buckets as (delete from ${sdkSignalBuckets} where ${sdkSignalBuckets.bucketStart} < ${bucketsBefore.toISOString()} returning 1),
         batches as (delete from ${sdkSignalBatches} where ${sdkSignalBatches.receivedAt} < ${batchesBefore.toISOString()} returning 1)
    select (select count(*) from buckets)::int as buckets, (select count(*) from batches)::int as "batchIds"
  `)) as unknown as { rows: { buckets: number; batchIds: number }[] };
  const row = result.rows[0];
  return { buckets: Number(row?.buckets ?? 0), batchIds: Number(row?.batchIds ?? 0) };
}
