import type { QuantileSource } from './statistics.ts';

/**
 * What the engine reads of the SDKs' reports for one flag in one environment (the metrics slice
 * implements it over its time buckets). Cohorts: `treatment` = units the rollout's gate let in,
 * `control` = the mirrored range it kept out (the same size: docs/sdk-protocol.md), `targeted` =
 * served by a rule (reported, never compared), `excluded` / `other` = not compared either.
 */
export type Cohort = 'treatment' | 'control' | 'excluded' | 'targeted' | 'other';

export interface CohortSignals {
  /** Evaluations. */
  exposures: number;
  /** Measured executions: the error rate's denominator and the latency sketch's count. */
  calls: number;
  errors: Record<string, number>;
  latency: QuantileSource;
  conversions: Record<string, number>;
}

export interface SignalsQuery {
  environment: string;
  flagKey: string;
  /** Reports from SDKs evaluating an older flag version (before this stage) do not count. */
  minVersion: number;
  since: Date;
  until: Date;
  /** The series' bucket width: a stage is judged over about ten intervals, not hundreds. */
  resolutionSeconds: number;
}

export interface SignalWindow {
  cohorts: Record<Cohort, CohortSignals>;
  /** The same, per time bucket (oldest first), for trends and spikes. */
  series: { bucketStart: Date; cohorts: Record<Cohort, CohortSignals> }[];
  /** The newest bucket that holds any report from this flag (late data is never a pass). */
  newestReport: Date | undefined;
}

export interface SignalSource {
  read(query: SignalsQuery): Promise<SignalWindow>;
  /** The same for many windows at once (the engine's tick: one plan each), in the queries' order. */
  readMany(queries: SignalsQuery[]): Promise<SignalWindow[]>;
}

export const EMPTY_QUANTILES: QuantileSource = {
  count: 0,
  quantile: () => undefined,
  relativeAccuracy: 0.01,
};

export function emptyCohort(): CohortSignals {
  return { exposures: 0, calls: 0, errors: {}, latency: EMPTY_QUANTILES, conversions: {} };
}

export function totalErrors(cohort: CohortSignals): number {
  let total = 0;
  for (const count of Object.values(cohort.errors)) total += count;
  return total;
}
