import type { JsonValue } from '@flagstaff/evaluator';
import type { PlanStatus, PrometheusGuard, Stage, TemplateName, Verdict } from './rollout-model.ts';
import type { PlanRow, RolloutEventRow } from './rollouts-repository.ts';

export interface PlanView {
  id: string;
  flag: string;
  environment: string;
  status: PlanStatus;
  template: TemplateName;
  risk: JsonValue;
  stages: Stage[];
  stageIndex: number;
  /** The percentage the flag serves now (0 after a rollback). */
  percentage: number;
  stageStartedAt: string;
  secondsAtStage: number;
  treatmentVariant: string;
  stableVariant: string;
  criteria: JsonValue;
  guards: PrometheusGuard[];
  lastVerdict: Verdict | null;
  alerts: JsonValue;
  endedReason: JsonValue | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

export interface RolloutEventView {
  at: string;
  kind: string;
  actor: string;
  fromPercentage: number | null;
  toPercentage: number | null;
  message: string;
  figures: JsonValue;
}

export function stagesOf(row: PlanRow): Stage[] {
  return row.stages as unknown as Stage[];
}

/** What the flag serves under this plan: the stage's percentage, 0 once rolled back. */
export function servedPercentage(row: PlanRow): number {
  if (row.status === 'rolled_back') return 0;
  return stagesOf(row)[row.stageIndex]?.percentage ?? 0;
}

export function toPlanView(row: PlanRow, now: Date): PlanView {
  return {
    id: row.id,
    flag: row.flagKey,
    environment: row.environmentKey,
    status: row.status as PlanStatus,
    template: row.template as TemplateName,
    risk: row.risk,
    stages: stagesOf(row),
    stageIndex: row.stageIndex,
    percentage: servedPercentage(row),
    stageStartedAt: row.stageStartedAt.toISOString(),
    secondsAtStage: Math.max(
      0,
      Math.round(((row.endedAt ?? now).getTime() - row.stageStartedAt.getTime()) / 1000),
    ),
    treatmentVariant: row.treatmentVariant,
    stableVariant: row.stableVariant,
    criteria: row.criteria,
    guards: row.guards as unknown as PrometheusGuard[],
    lastVerdict: (row.lastVerdict as unknown as Verdict | null) ?? null,
    alerts: row.alerts,
    endedReason: row.endedReason ?? null,
    version: row.version,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

export function toEventView(row: RolloutEventRow): RolloutEventView {
  return {
    at: row.at.toISOString(),
    kind: row.kind,
    actor: row.actor,
    fromPercentage: row.fromPercentage === null ? null : Number(row.fromPercentage),
    toPercentage: row.toPercentage === null ? null : Number(row.toPercentage),
    message: row.message,
    figures: row.figures,
  };
}
