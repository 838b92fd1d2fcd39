import type { JsonValue } from '@flagstaff/evaluator';
import type { Criteria, CriterionResult, PrometheusGuard } from './rollout-model.ts';
import { type CohortSignals, type SignalWindow, totalErrors } from './signals-port.ts';
import {
  allInTreatmentIsSignificant,
  type Interval,
  quantileRatio,
  type Rate,
  rateDifference,
  sampleRatioPValue,
} from './statistics.ts';

/**
 * Timed calls per cohort before p99 is judged: below it, the order statistics around p99 are a handful
 * of calls, and the decision-quality benchmark catches a 2x p99 at the first look from here (ADR 0010).
 */
export const P99_MIN_SAMPLE = 2_000;

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const pp = (x: number) => `${(x * 100).toFixed(2)} pp`;
const round = (x: number, digits = 5) => Number(x.toFixed(digits));
const intervalFigures = (i: Interval): Record<string, JsonValue> => ({
  estimate: round(i.estimate),
  lower: round(i.lower),
  upper: round(i.upper),
});

export const errorRate = (c: CohortSignals): Rate => ({ events: totalErrors(c), trials: c.calls });

function result(
  name: string,
  kind: CriterionResult['kind'],
  status: CriterionResult['status'],
  message: string,
  figures: Record<string, JsonValue> = {},
): CriterionResult {
  return { name, kind, status, message, figures };
}

const off = (name: string, kind: CriterionResult['kind']) =>
  result(name, kind, 'off', 'turned off for this plan');

function cohortFigures(t: CohortSignals, c: CohortSignals): Record<string, JsonValue> {
  return {
    treatmentCalls: t.calls,
    controlCalls: c.calls,
    treatmentErrors: totalErrors(t),
    controlErrors: totalErrors(c),
    treatmentErrorRate: round(t.calls ? totalErrors(t) / t.calls : 0),
    controlErrorRate: round(c.calls ? totalErrors(c) / c.calls : 0),
  };
}

/** Rollback trigger: the treatment is certainly worse, and may be worse by the trigger or more. */
export function errorRateRollback(t: CohortSignals, c: CohortSignals, criteria: Criteria, alpha: number) {
  const threshold = criteria.rollback.errorRateDeltaPp;
  if (threshold === null) return off('error rate (rollback)', 'rollback');
  const diff = rateDifference(errorRate(t), errorRate(c), alpha);
  const fires = diff.lower > 0 && diff.upper >= threshold / 100;
  const figures = {
    ...cohortFigures(t, c),
    difference: intervalFigures(diff),
    thresholdPp: threshold,
    alpha,
  };
  return result(
    'error rate (rollback)',
    'rollback',
    fires ? 'fail' : 'pass',
    fires
      ? `error rate ${pct(errorRate(t).events / t.calls)} vs ${pct(errorRate(c).events / Math.max(1, c.calls))} in control: ${pp(diff.estimate)} higher (certainly above 0, possibly above ${threshold} pp)`
      : `error rate not shown to be worse by up to ${threshold} pp (difference ${pp(diff.estimate)}, bound ${pp(diff.lower)})`,
    figures,
  );
}

function ratioCheck(
  name: string,
  kind: CriterionResult['kind'],
  t: CohortSignals,
  c: CohortSignals,
  q: number,
  alpha: number,
  judge: (r: Interval) => boolean,
  describe: (r: Interval, failed: boolean) => string,
  minSample: number,
): CriterionResult {
  if (Math.min(t.latency.count, c.latency.count) < minSample) {
    return result(name, kind, 'no_data', `needs ${minSample} timed calls per cohort`, {
      treatmentTimed: t.latency.count,
      controlTimed: c.latency.count,
    });
  }
  const ratio = quantileRatio(t.latency, c.latency, q, alpha);
  if (!ratio) return result(name, kind, 'no_data', 'no latency to compare');
  const failed = judge(ratio);
  return result(name, kind, failed ? 'fail' : 'pass', describe(ratio, failed), {
    treatmentMs: round(t.latency.quantile(q) ?? 0, 3),
    controlMs: round(c.latency.quantile(q) ?? 0, 3),
    ratio: intervalFigures(ratio),
    alpha,
  });
}

export function p99Rollback(t: CohortSignals, c: CohortSignals, criteria: Criteria, alpha: number) {
  const threshold = criteria.rollback.p99Ratio;
  if (threshold === null) return off('p99 latency (rollback)', 'rollback');
  return ratioCheck(
    'p99 latency (rollback)',
    'rollback',
    t,
    c,
    0.99,
    alpha,
    (r) => r.lower > 1 && r.upper >= threshold,
    (r, failed) =>
      failed
        ? `p99 latency ${r.estimate.toFixed(2)}x control (certainly slower, possibly ${threshold}x or more)`
        : `p99 latency ${r.estimate.toFixed(2)}x control`,
    Math.max(criteria.minSamplePerCohort, P99_MIN_SAMPLE),
  );
}

/** Advancement: the error rate is not shown to exceed control by more than the margin. */
export function errorRateAdvance(t: CohortSignals, c: CohortSignals, criteria: Criteria, alpha: number) {
  const margin = criteria.advance.errorRateDeltaPp;
  if (margin === null) return off('error rate', 'advance');
  const diff = rateDifference(errorRate(t), errorRate(c), alpha);
  const failed = diff.lower > margin / 100;
  return result(
    'error rate',
    'advance',
    failed ? 'fail' : 'pass',
    failed
      ? `error rate ${pp(diff.estimate)} above control, beyond the ${margin} pp margin`
      : `error rate within ${margin} pp of control (difference ${pp(diff.estimate)})`,
    { ...cohortFigures(t, c), difference: intervalFigures(diff), marginPp: margin, alpha },
  );
}

/** No error type in treatment that control does not have, beyond what chance explains. */
export function newErrorTypes(t: CohortSignals, c: CohortSignals, alpha: number): CriterionResult {
  const share = t.calls / Math.max(1, t.calls + c.calls);
  const fresh = Object.entries(t.errors)
    .filter(
      ([type, count]) => (c.errors[type] ?? 0) === 0 && allInTreatmentIsSignificant(count, share, alpha),
    )
    .map(([type, count]) => ({ type, count }));
  return result(
    'new error types',
    'advance',
    fresh.length > 0 ? 'fail' : 'pass',
    fresh.length > 0
      ? `error types only in treatment: ${fresh.map((f) => `${f.type} (${f.count})`).join(', ')}`
      : 'no error type appears only in treatment',
    { newTypes: fresh, treatmentTypes: Object.keys(t.errors), controlTypes: Object.keys(c.errors) },
  );
}

/** The treatment's excess error rate in the stage's second half against its first: flat or down. */
export function errorTrend(window: SignalWindow, criteria: Criteria, alpha: number): CriterionResult {
  const margin = criteria.advance.errorRateDeltaPp;
  if (margin === null) return off('error rate trend', 'advance');
  const half = Math.floor(window.series.length / 2);
  const sum = (buckets: SignalWindow['series'], cohort: 'treatment' | 'control'): Rate => {
    const rate = { events: 0, trials: 0 };
    for (const bucket of buckets) {
      rate.events += totalErrors(bucket.cohorts[cohort]);
      rate.trials += bucket.cohorts[cohort].calls;
    }
    return rate;
  };
  const early = window.series.slice(0, half);
  const late = window.series.slice(half);
  const e = rateDifference(sum(early, 'treatment'), sum(early, 'control'), alpha);
  const l = rateDifference(sum(late, 'treatment'), sum(late, 'control'), alpha);
  const rise = l.estimate - e.estimate;
  // Both halves' half-widths combine as independent errors.
  const width = Math.hypot(l.upper - l.estimate, e.upper - e.estimate);
  const failed = half > 0 && rise - width > margin / 100;
  return result(
    'error rate trend',
    'advance',
    failed ? 'fail' : 'pass',
    failed ? `the excess error rate is rising (${pp(e.estimate)} then ${pp(l.estimate)})` : 'flat or down',
    {
      earlyDifference: round(e.estimate),
      lateDifference: round(l.estimate),
      rise: round(rise),
      bound: round(rise - width),
    },
  );
}

export function latencyAdvance(
  name: string,
  q: number,
  margin: number | null,
  t: CohortSignals,
  c: CohortSignals,
  criteria: Criteria,
  alpha: number,
): CriterionResult {
  if (margin === null) return off(name, 'advance');
  return ratioCheck(
    name,
    'advance',
    t,
    c,
    q,
    alpha,
    // Certainly outside the margin, or slower than it by the best estimate: a plan does not advance on
    // a p99 it estimates at 2.5x control just because the interval is still wide; it looks again.
    (r) => r.lower > 1 + margin || r.upper < 1 - margin || r.estimate > 1 + margin,
    (r, failed) =>
      `${r.estimate.toFixed(3)}x control ${failed ? 'is outside' : 'within'} ±${Math.round(margin * 100)}%${
        failed && r.lower <= 1 + margin ? ' by its estimate (not yet certain: holding)' : ''
      }`,
    q >= 0.99 ? Math.max(criteria.minSamplePerCohort, P99_MIN_SAMPLE) : criteria.minSamplePerCohort,
  );
}

/** No time bucket where the treatment's p99 is certainly above control's by the spike factor. */
export function latencySpikes(window: SignalWindow, criteria: Criteria, alpha: number): CriterionResult {
  const factor = criteria.advance.p99SpikeRatio;
  if (factor === null) return off('latency spikes', 'advance');
  const spikes = window.series
    .filter((b) => {
      const t = b.cohorts.treatment.latency;
      const c = b.cohorts.control.latency;
      if (Math.min(t.count, c.count) < P99_MIN_SAMPLE) return false;
      // Cheap first: only a bucket whose p99 estimate is past the factor can be a certain spike.
      return (t.quantile(0.99) ?? 0) > factor * (c.quantile(0.99) ?? Number.POSITIVE_INFINITY);
    })
    .map((b) => ({
      at: b.bucketStart,
      ratio: quantileRatio(b.cohorts.treatment.latency, b.cohorts.control.latency, 0.99, alpha),
    }))
    .filter((s) => s.ratio !== undefined && s.ratio.lower > factor);
  return result(
    'latency spikes',
    'advance',
    spikes.length > 0 ? 'fail' : 'pass',
    spikes.length > 0
      ? `p99 spiked above ${factor}x control in ${spikes.length} interval(s)`
      : 'no p99 spike',
    { spikes: spikes.map((s) => ({ at: s.at.toISOString(), ratio: round(s.ratio!.estimate, 3) })) },
  );
}

/** Conversion not lower: every named conversion per exposure, treatment against control. */
export function conversions(t: CohortSignals, c: CohortSignals, criteria: Criteria, alpha: number) {
  const drop = criteria.advance.conversionDropPp;
  if (drop === null) return off('conversion', 'advance');
  const names = [...new Set([...Object.keys(t.conversions), ...Object.keys(c.conversions)])];
  if (names.length === 0) return result('conversion', 'advance', 'pass', 'no conversion events reported');
  const each = names.map((name) => {
    const diff = rateDifference(
      { events: t.conversions[name] ?? 0, trials: t.exposures },
      { events: c.conversions[name] ?? 0, trials: c.exposures },
      alpha / names.length,
    );
    return { name, diff, lower: diff.upper < -drop / 100 };
  });
  const lower = each.filter((e) => e.lower);
  return result(
    'conversion',
    'advance',
    lower.length > 0 ? 'fail' : 'pass',
    lower.length > 0
      ? `conversion lower in treatment: ${lower.map((e) => `${e.name} ${pp(e.diff.estimate)}`).join(', ')}`
      : 'conversion not lower',
    Object.fromEntries(each.map((e) => [e.name, intervalFigures(e.diff)])),
  );
}

/** The cohorts are the sizes the split promises (1:1): events lost from one arm hold the plan. */
export function sampleRatio(t: CohortSignals, c: CohortSignals, criteria: Criteria): CriterionResult {
  const exposures = sampleRatioPValue(t.exposures, c.exposures, 0.5);
  const calls = t.calls + c.calls > 0 ? sampleRatioPValue(t.calls, c.calls, 0.5) : 1;
  const p = Math.min(exposures, calls);
  // Counts are evaluations, not units: a user seen many times weighs many times, so a population
  // imbalance of a few percent between the two ranges is significant without being a loss. A
  // mismatch must be both significant and larger than the tolerance.
  const imbalance = (a: number, b: number) => (a + b === 0 ? 0 : Math.abs(a - b) / ((a + b) / 2));
  const worst = Math.max(imbalance(t.exposures, c.exposures), imbalance(t.calls, c.calls));
  const failed = p < criteria.sampleRatioAlpha && worst > (criteria.sampleRatioTolerance ?? 0.1);
  return result(
    'sample ratio',
    'health',
    failed ? 'fail' : 'pass',
    failed
      ? `sample ratio mismatch: ${t.exposures} treatment vs ${c.exposures} control exposures, ${t.calls} vs ${c.calls} calls (expected 1:1, p = ${p.toExponential(2)}): events may be lost from one cohort`
      : 'cohort sizes match the split',
    {
      treatmentExposures: t.exposures,
      controlExposures: c.exposures,
      treatmentCalls: t.calls,
      controlCalls: c.calls,
      pValue: p,
      threshold: criteria.sampleRatioAlpha,
    },
  );
}

export interface GuardReading {
  guard: PrometheusGuard;
  /** The worst value over the query's series; undefined: no data (never a pass). */
  value: number | undefined;
  error?: string;
}

export function prometheusGuard(reading: GuardReading): CriterionResult {
  const { guard, value } = reading;
  const kind = guard.action === 'rollback' ? 'rollback' : 'advance';
  const name = `prometheus: ${guard.name}`;
  if (value === undefined) {
    return result(name, kind, 'no_data', reading.error ?? 'the query returned no data', {
      query: guard.query,
    });
  }
  const failed = guard.failWhen === '>' ? value > guard.threshold : value < guard.threshold;
  return result(
    name,
    kind,
    failed ? 'fail' : 'pass',
    `${guard.name} = ${round(value, 4)} (${failed ? 'beyond' : 'within'} ${guard.failWhen === '>' ? '<=' : '>='} ${guard.threshold})`,
    { query: guard.query, value: round(value, 6), threshold: guard.threshold, failWhen: guard.failWhen },
  );
}
