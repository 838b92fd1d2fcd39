import type { JsonValue } from '@flagstaff/evaluator';

export type TemplateName = 'standard' | 'conservative' | 'aggressive' | 'custom';
export type PlanStatus = 'running' | 'paused' | 'rolled_back' | 'completed';
export const ACTIVE_STATUSES: readonly PlanStatus[] = ['running', 'paused'];

/** The playbook's ladders (the leading 0% is where a plan starts, not a stage). */
export const TEMPLATE_STAGES: Record<Exclude<TemplateName, 'custom'>, number[]> = {
  standard: [2, 10, 50, 100],
  conservative: [0.1, 1, 5, 10, 25, 50, 100],
  aggressive: [1, 5, 25, 50, 100],
};

export interface Stage {
  percentage: number;
  /** Minimum time at this stage before it may advance. */
  minDurationSeconds: number;
}

/** Every threshold of the playbook, adjustable per plan. A criterion set to null is off. */
export interface Criteria {
  /** Calls per cohort before any verdict ("no verdict on a handful of events"). */
  minSamplePerCohort: number;
  /** How long SDK reports take to arrive: a stage's verdict covers its minimum time plus this. */
  metricsDelaySeconds: number;
  advance: {
    /** Error rate within baseline ± this many percentage points. */
    errorRateDeltaPp: number | null;
    /** p50 / p95 / p99 within ± this fraction of control. */
    p50Ratio: number | null;
    p95Ratio: number | null;
    p99Ratio: number | null;
    /** A bucket whose p99 exceeds control's by this factor is a spike. */
    p99SpikeRatio: number | null;
    /** Conversion may not be lower (by more than this many percentage points). */
    conversionDropPp: number | null;
  };
  rollback: {
    /** Error rate more than this many percentage points above baseline. */
    errorRateDeltaPp: number | null;
    /** p99 more than this multiple of baseline. */
    p99Ratio: number | null;
  };
  alerts: {
    errorRateDeltaPp: number;
    p95DeltaRatio: number;
    treatmentErrorRate: number;
    stuckSeconds: number;
  };
  /** Chance of a false rollback of a healthy release, over all looks of a plan. */
  rollbackAlpha: number;
  /** Chance that a criterion blocks a healthy stage (a hold, cheap to undo). */
  holdAlpha: number;
  /** The sample-ratio check's p-value threshold. */
  sampleRatioAlpha: number;
  /** ...and the relative imbalance between the cohorts' counts it must also exceed (0.1: 10%). */
  sampleRatioTolerance?: number;
}

export const DEFAULT_CRITERIA: Criteria = {
  minSamplePerCohort: 1_000,
  metricsDelaySeconds: 30,
  advance: {
    errorRateDeltaPp: 0.01,
    p50Ratio: 0.05,
    p95Ratio: 0.1,
    p99Ratio: 0.2,
    p99SpikeRatio: 2,
    conversionDropPp: 0,
  },
  rollback: { errorRateDeltaPp: 5, p99Ratio: 2 },
  alerts: { errorRateDeltaPp: 0.1, p95DeltaRatio: 0.2, treatmentErrorRate: 0.01, stuckSeconds: 4 * 3600 },
  rollbackAlpha: 0.01,
  holdAlpha: 0.05,
  sampleRatioAlpha: 0.001,
  sampleRatioTolerance: 0.1,
};

/** An infrastructure guard: a PromQL query whose every series must stay on the right side of a threshold. */
export interface PrometheusGuard {
  name: string;
  query: string;
  /** The guard fails when a value is above (`>`) or below (`<`) the threshold. */
  failWhen: '>' | '<';
  threshold: number;
  /** `rollback`: a trigger (memory leak, pool exhaustion, circuit breaker); `hold`: an advancement criterion. */
  action: 'hold' | 'rollback';
}

export interface CriterionResult {
  name: string;
  kind: 'advance' | 'rollback' | 'health';
  /** pass: fine; fail: blocks (advance/health) or fires (rollback); no_data: never a pass. */
  status: 'pass' | 'fail' | 'no_data' | 'off';
  /** What was measured: treatment and control figures, the statistic and its threshold. */
  figures: Record<string, JsonValue>;
  message: string;
}

export type Action = 'advance' | 'hold' | 'rollback';

export interface Verdict {
  action: Action;
  at: string;
  /** Why, in one sentence (the stakeholder message for a rollback). */
  reason: string;
  criteria: CriterionResult[];
  /** Alerts this look raises (the seed's rollout alerts). */
  alerts: { kind: AlertKind; message: string; figures: Record<string, JsonValue> }[];
}

export type AlertKind = 'error_rate_delta' | 'p95_delta' | 'treatment_error_rate' | 'stuck';
