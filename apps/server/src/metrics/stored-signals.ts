import { COHORTS, type Cohort } from '@flagstaff/evaluator';
import type { Db } from '../db/database.ts';
import type { SignalSource, SignalWindow } from '../rollouts/signals-port.ts';
import { sketchFromBins } from './latency-sketch.ts';
import { BUCKET_MS, type CohortSignals, readSignalSeries } from './signals-repository.ts';

function emptyCohorts(): Record<Cohort, CohortSignals> {
  return Object.fromEntries(
    COHORTS.map((c) => [
      c,
      { exposures: 0, calls: 0, errors: {}, latency: sketchFromBins(), conversions: {} },
    ]),
  ) as Record<Cohort, CohortSignals>;
}

function add(into: CohortSignals, from: CohortSignals): void {
  into.exposures += from.exposures;
  into.calls += from.calls;
  for (const key in from.errors) into.errors[key] = (into.errors[key] ?? 0) + from.errors[key]!;
  for (const key in from.conversions)
    into.conversions[key] = (into.conversions[key] ?? 0) + from.conversions[key]!;
  into.latency.merge(from.latency);
}

/**
 * The rollout engine's signals, from the SDK reports stored in PostgreSQL: one query per look, merged
 * into the stage's totals and into a series at the look's resolution (about ten intervals a stage).
 */
export function createStoredSignals(db: Db): SignalSource {
  return {
    async read(query): Promise<SignalWindow> {
      const buckets = await readSignalSeries(db, query);
      const cohorts = emptyCohorts();
      const series: { bucketStart: Date; cohorts: Record<Cohort, CohortSignals> }[] = [];
      const width = query.resolutionSeconds * 1000;
      for (const bucket of buckets) {
        const start = Math.floor((bucket.bucketStart.getTime() - query.since.getTime()) / width) * width;
        const at = new Date(query.since.getTime() + start);
        let coarse = series.at(-1);
        if (coarse?.bucketStart.getTime() !== at.getTime()) {
          coarse = { bucketStart: at, cohorts: emptyCohorts() };
          series.push(coarse);
        }
        for (const cohort of COHORTS) {
          add(cohorts[cohort], bucket.cohorts[cohort]);
          add(coarse.cohorts[cohort], bucket.cohorts[cohort]);
        }
      }
      const last = buckets.at(-1)?.bucketStart.getTime();
      // A bucket holds reports up to its end; never later than the look itself.
      const newestReport =
        last === undefined ? undefined : new Date(Math.min(last + BUCKET_MS, query.until.getTime()));
      return { cohorts, series, newestReport };
    },
  };
}
