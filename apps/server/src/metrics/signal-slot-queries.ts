import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';

/** One look's window over one flag's buckets, cut into slots of `widthMs` from `since`. */
export interface SlotWindow {
  environment: string;
  flagKey: string;
  minVersion: number;
  /** Aligned to the 10 s bucket the stage started in. */
  since: Date;
  until: Date;
  widthMs: number;
}

/**
 * What identifies the rows a slot holds right now: their number and the sum of their `xmin` (the id
 * of the transaction that wrote each row's current version). Every insert or update of a bucket row
 * writes a new version with a newer transaction id, so any new report in a slot (however late, into
 * however old a bucket) changes its stamp, without a column or trigger on the intake's table.
 */
export type SlotStamp = string;

export const stampOf = (rows: number, xminSum: number): SlotStamp => `${rows}:${xminSum}`;

/** A bucket row as the reader needs it (maps as JSON text: parsing in JS is cheaper than in SQL). */
export interface SlotRow {
  window: number;
  slot: number;
  cohort: string;
  bucketStart: Date;
  exposures: number;
  calls: number;
  latencyZero: number;
  errors: string;
  latencyBins: string;
  conversions: string;
  xmin: number;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

/** Each window's slots that hold rows, with their stamps: one statement for every window. */
export async function readSlotStamps(
  db: Db,
  windows: SlotWindow[],
): Promise<{ window: number; slot: number; stamp: SlotStamp }[]> {
  if (windows.length === 0) return [];
  const json = JSON.stringify(
    windows.map((w, i) => ({
      i,
      e: w.environment,
      f: w.flagKey,
      v: w.minVersion,
      s: w.since.toISOString(),
      u: w.until.toISOString(),
      w: w.widthMs / 1000,
    })),
  );
  const result = await db.execute(sql`
    select q.i as window, floor(extract(epoch from b.bucket_start - q.s) / q.w)::int as slot,
      count(*)::int as rows, sum(b.x)::float8 as x
    from jsonb_to_recordset(${json}::jsonb) as q(i int, e text, f text, v int, s timestamptz, u timestamptz, w int)
    cross join lateral (
      select bucket_start, xmin::text::bigint as x from sdk_signal_buckets
      where environment_key = q.e and flag_key = q.f and bucket_start >= q.s and bucket_start < q.u
        and flag_version >= q.v
    ) b
    group by 1, 2`);
  return rowsOf<{ window: number; slot: number; rows: number; x: number }>(result).map((r) => ({
    window: Number(r.window),
    slot: Number(r.slot),
    stamp: stampOf(Number(r.rows), Number(r.x)),
  }));
}

/** The rows of the given slots (each `[from, to)` of a window): one statement for all of them. */
export async function readSlotRows(
  db: Db,
  windows: SlotWindow[],
  slots: { window: number; slot: number; from: Date; to: Date }[],
): Promise<SlotRow[]> {
  if (slots.length === 0) return [];
  const json = JSON.stringify(
    slots.map((s) => {
      const w = windows[s.window]!;
      return {
        i: s.window,
        n: s.slot,
        e: w.environment,
        f: w.flagKey,
        v: w.minVersion,
        s: s.from.toISOString(),
        u: s.to.toISOString(),
      };
    }),
  );
  const result = await db.execute(sql`
    select q.i as window, q.n as slot, b.cohort, b.bucket_start, b.exposures::float8 as exposures,
      b.calls::float8 as calls, b.latency_zero::float8 as zero, b.errors::text as errors,
      b.latency_bins::text as bins, b.conversions::text as conversions, b.xmin::text::float8 as x
    from jsonb_to_recordset(${json}::jsonb) as q(i int, n int, e text, f text, v int, s timestamptz, u timestamptz)
    join sdk_signal_buckets b on b.environment_key = q.e and b.flag_key = q.f
      and b.bucket_start >= q.s and b.bucket_start < q.u and b.flag_version >= q.v`);
  return rowsOf<{
    window: number;
    slot: number;
    cohort: string;
    bucket_start: Date | string;
    exposures: number;
    calls: number;
    zero: number;
    errors: string;
    bins: string;
    conversions: string;
    x: number;
  }>(result).map((r) => ({
    window: Number(r.window),
    slot: Number(r.slot),
    cohort: r.cohort,
    bucketStart: new Date(r.bucket_start),
    exposures: Number(r.exposures),
    calls: Number(r.calls),
    latencyZero: Number(r.zero),
    errors: r.errors,
    latencyBins: r.bins,
    conversions: r.conversions,
    xmin: Number(r.x),
  }));
}
