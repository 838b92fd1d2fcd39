import type { JsonValue } from '@flagstaff/evaluator';
import {
  conversions,
  errorRate,
  errorRateAdvance,
  errorRateRollback,
  errorTrend,
  type GuardReading,
  latencyAdvance,
  latencySpikes,
  newErrorTypes,
  p99Rollback,
  prometheusGuard,
  sampleRatio,
} from './criteria-checks.ts';
import type { AlertKind, Criteria, CriterionResult, Stage, Verdict } from './rollout-model.ts';
import type { SignalWindow } from './signals-port.ts';
import { quantileRatio, rateDifference, rateInterval } from './statistics.ts';

export interface DecisionInput {
  now: Date;
  stage: Stage;
  stageStartedAt: Date;
  criteria: Criteria;
  /** SDK reports since the stage started, from SDKs on the stage's flag version or later. */
  window: SignalWindow;
  guards: GuardReading[];
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** Reports older than the metrics delay plus this are late: the SDKs report every 30 s or so. */
const LATE_AFTER_SECONDS = 90;

/** The three statistical alerts share one false-alert budget (Bonferroni), as the hold criteria do. */
const ALERT_KINDS = 3;

/**
 * The p95 alert's judgement, under the rules the decisions use: latency at p95 is judged by this plan
 * (a plan that turns `advance.p95Ratio` off says its timings mean nothing: a function that returns at
 * once measures nanoseconds of JIT and cache effects, "certain" and meaningless), each cohort has the
 * minimum sample of *timed* calls, and the alpha is the alerts' share of the hold budget.
 */
function p95Alert(input: DecisionInput, alpha: number): Verdict['alerts'][number] | undefined {
  const { criteria, window } = input;
  const t = window.cohorts.treatment.latency;
  const c = window.cohorts.control.latency;
  if (criteria.advance.p95Ratio === null) return undefined;
  if (Math.min(t.count, c.count) < criteria.minSamplePerCohort) return undefined;
  const p95 = quantileRatio(t, c, 0.95, alpha);
  // Certainly slower, and by more than the alert's margin as far as the estimate goes (the error-rate
  // alert's rule).
  if (!p95 || p95.lower <= 1 || p95.estimate <= 1 + criteria.alerts.p95DeltaRatio) return undefined;
  return {
    kind: 'p95_delta',
    message: `p95 latency ${((p95.estimate - 1) * 100).toFixed(0)}% above control (alert above ${criteria.alerts.p95DeltaRatio * 100}%)`,
    figures: { ratio: p95.estimate, lower: p95.lower, alpha },
  };
}

/** The seed's rollout alerts, from what this look measured. */
function alertsOf(input: DecisionInput, enough: boolean): Verdict['alerts'] {
  const { criteria, window, now, stageStartedAt } = input;
  const t = window.cohorts.treatment;
  const c = window.cohorts.control;
  const alerts: { kind: AlertKind; message: string; figures: Record<string, JsonValue> }[] = [];
  const atStage = now.getTime() - stageStartedAt.getTime();
  if (atStage > criteria.alerts.stuckSeconds * 1000) {
    alerts.push({
      kind: 'stuck',
      message: `stuck at ${input.stage.percentage}% for ${(atStage / 3_600_000).toFixed(1)} hours`,
      figures: { secondsAtStage: seconds(atStage) },
    });
  }
  if (!enough) return alerts;
  const alpha = criteria.holdAlpha / ALERT_KINDS;
  const diff = rateDifference(errorRate(t), errorRate(c), alpha);
  if (diff.lower > 0 && diff.estimate > criteria.alerts.errorRateDeltaPp / 100) {
    alerts.push({
      kind: 'error_rate_delta',
      message: `error rate ${(diff.estimate * 100).toFixed(2)} pp above control (alert above ${criteria.alerts.errorRateDeltaPp} pp)`,
      figures: { difference: diff.estimate, lower: diff.lower },
    });
  }
  const p95 = p95Alert(input, alpha);
  if (p95) alerts.push(p95);
  const rate = rateInterval(errorRate(t), alpha);
  if (rate.lower > criteria.alerts.treatmentErrorRate) {
    alerts.push({
      kind: 'treatment_error_rate',
      message: `treatment error rate ${(rate.estimate * 100).toFixed(2)}% (alert above ${criteria.alerts.treatmentErrorRate * 100}%)`,
      figures: { rate: rate.estimate, lower: rate.lower },
    });
  }
  return alerts;
}

/** Gates that hold a stage before any criterion is read: time, data that is late, thin traffic. */
function gates(input: DecisionInput, enough: boolean): CriterionResult[] {
  const { now, stage, stageStartedAt, criteria, window } = input;
  const t = window.cohorts.treatment;
  const c = window.cohorts.control;
  const needed = (stage.minDurationSeconds + criteria.metricsDelaySeconds) * 1000;
  const elapsed = now.getTime() - stageStartedAt.getTime();
  const coveredUntil = window.newestReport?.getTime() ?? Number.NEGATIVE_INFINITY;
  // Reports must cover the minimum time, and still be arriving: late data is never a pass.
  const fresh = now.getTime() - coveredUntil <= (criteria.metricsDelaySeconds + LATE_AFTER_SECONDS) * 1000;
  const covers = fresh && coveredUntil >= stageStartedAt.getTime() + stage.minDurationSeconds * 1000;
  return [
    {
      name: 'time at stage',
      kind: 'health',
      status: elapsed >= needed ? 'pass' : 'fail',
      message:
        elapsed >= needed
          ? `${seconds(elapsed)} s at ${stage.percentage}% (minimum ${stage.minDurationSeconds} s + ${criteria.metricsDelaySeconds} s metrics delay)`
          : `${seconds(needed - elapsed)} s to go at ${stage.percentage}% (minimum ${stage.minDurationSeconds} s + ${criteria.metricsDelaySeconds} s metrics delay)`,
      figures: {
        secondsAtStage: seconds(elapsed),
        minimumSeconds: stage.minDurationSeconds,
        metricsDelaySeconds: criteria.metricsDelaySeconds,
      },
    },
    {
      name: 'data covers the stage',
      kind: 'health',
      status: covers ? 'pass' : 'no_data',
      message: covers
        ? 'reports cover the whole minimum time and are still arriving'
        : !window.newestReport
          ? 'no report from any SDK yet for this stage'
          : fresh
            ? `reports cover ${seconds(coveredUntil - stageStartedAt.getTime())} s of the ${stage.minDurationSeconds} s minimum`
            : `the newest report is from ${window.newestReport.toISOString()}: data is late or missing`,
      figures: { newestReport: window.newestReport?.toISOString() ?? null },
    },
    {
      name: 'sample size',
      kind: 'health',
      status: enough ? 'pass' : 'no_data',
      message: enough
        ? `${t.calls} treatment and ${c.calls} control calls (minimum ${criteria.minSamplePerCohort} each)`
        : `traffic too thin to decide: ${t.calls} treatment and ${c.calls} control calls, ${criteria.minSamplePerCohort} needed in each`,
      figures: { treatmentCalls: t.calls, controlCalls: c.calls, minimum: criteria.minSamplePerCohort },
    },
  ];
}

/**
 * One look at a stage: roll back, hold or advance. Rollback triggers are read first (protective), and
 * need only the minimum sample; advancing needs every gate and every criterion to pass: a criterion
 * without data is never a pass (ADR 0010).
 */
export function decide(input: DecisionInput, detail: 'full' | 'decision' = 'full'): Verdict {
  const { criteria, window } = input;
  const t = window.cohorts.treatment;
  const c = window.cohorts.control;
  const enough = Math.min(t.calls, c.calls) >= criteria.minSamplePerCohort;
  // The false-rollback budget is split between the two SDK triggers (Bonferroni).
  const rollbackAlpha = criteria.rollbackAlpha / 2;
  const sdkRollbacks = enough
    ? [errorRateRollback(t, c, criteria, rollbackAlpha), p99Rollback(t, c, criteria, rollbackAlpha)]
    : [];
  const guardResults = input.guards.map(prometheusGuard);
  const rollbacks = [...sdkRollbacks, ...guardResults.filter((r) => r.kind === 'rollback')];
  const health = [...gates(input, enough), ...(enough ? [sampleRatio(t, c, criteria)] : [])];
  const holdAlpha = criteria.holdAlpha / 7;
  // Before its time is up a stage cannot advance: `decision` looks skip the advancement criteria then
  // (the engine's tick); `full` looks (a person reading the plan) show them all.
  const timeUp = health[0]?.status === 'pass';
  const advance =
    enough && (timeUp || detail === 'full')
      ? [
          errorRateAdvance(t, c, criteria, holdAlpha),
          newErrorTypes(t, c, holdAlpha),
          errorTrend(window, criteria, holdAlpha),
          latencyAdvance('p50 latency', 0.5, criteria.advance.p50Ratio, t, c, criteria, holdAlpha),
          latencyAdvance('p95 latency', 0.95, criteria.advance.p95Ratio, t, c, criteria, holdAlpha),
          latencyAdvance('p99 latency', 0.99, criteria.advance.p99Ratio, t, c, criteria, holdAlpha),
          latencySpikes(window, criteria, holdAlpha),
          conversions(t, c, criteria, holdAlpha),
        ]
      : [];
  const all = [...rollbacks, ...health, ...advance, ...guardResults.filter((r) => r.kind !== 'rollback')];
  const at = input.now.toISOString();
  const alerts = alertsOf(input, enough);
  const fired = rollbacks.filter((r) => r.status === 'fail');
  if (fired.length > 0) {
    return { action: 'rollback', at, reason: fired.map((r) => r.message).join('; '), criteria: all, alerts };
  }
  // A trigger without data blocks too: missing data is never a pass.
  const blocking = all.filter(
    (r) => r.status === 'no_data' || (r.kind !== 'rollback' && r.status === 'fail'),
  );
  if (blocking.length > 0) {
    return {
      action: 'hold',
      at,
      reason: blocking.map((r) => `${r.name}: ${r.message}`).join('; '),
      criteria: all,
      alerts,
    };
  }
  return { action: 'advance', at, reason: 'every criterion passed', criteria: all, alerts };
}
