import type { paths } from '@flagstaff/api-client';
import { table } from '../output.ts';

export type Plan =
  paths['/api/v1/rollouts/{id}/pause']['post']['responses'][200]['content']['application/json'];
export type PlanDetail =
  paths['/api/v1/rollouts/{id}']['get']['responses'][200]['content']['application/json'];
export type Suggestion =
  paths['/api/v1/rollouts/suggestion']['get']['responses'][200]['content']['application/json'];
type Verdict = NonNullable<Plan['lastVerdict']>;

/** `1h 5m`, `12m 3s`, `40s`. */
export function duration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [size, unit] of units) {
    if (rest >= size || (parts.length === 0 && size === 1)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/** `2% → [10%] → 50% → 100%`: the current stage in brackets (none once rolled back). */
export function stageLine(plan: Plan): string {
  return plan.stages
    .map((stage, index) =>
      index === plan.stageIndex && plan.status !== 'rolled_back'
        ? `[${stage.percentage}%]`
        : `${stage.percentage}%`,
    )
    .join(' → ');
}

/** One line: where a rollout stands. */
export function planHeadline(plan: Plan): string {
  const where =
    plan.status === 'rolled_back'
      ? `everyone gets the stable variant (${plan.stableVariant})`
      : `stage ${plan.stageIndex + 1} of ${plan.stages.length} at ${plan.percentage}%`;
  return `${plan.id}  ${plan.flag} in ${plan.environment}: ${plan.status.replace('_', ' ')}, ${where}`;
}

export function renderPlan(plan: Plan): string {
  return [
    planHeadline(plan),
    `stages:    ${stageLine(plan)}  (${plan.template})`,
    `variants:  treatment ${plan.treatmentVariant}, stable ${plan.stableVariant}`,
    `at stage:  ${duration(plan.secondsAtStage)} (since ${plan.stageStartedAt}, at least ${duration(currentMinimum(plan))})`,
    ...(plan.lastVerdict ? [`verdict:   ${verdictLine(plan.lastVerdict)}`] : []),
  ].join('\n');
}

/** The plan, then every criterion with its figures, its alerts and its history. */
export function renderPlanDetail(plan: PlanDetail): string {
  const lines = [renderPlan(plan)];
  const verdict = plan.verdict ?? plan.lastVerdict;
  if (verdict && verdict.criteria.length > 0) {
    lines.push(
      '',
      table(
        ['CRITERION', 'KIND', 'STATUS', 'DETAIL'],
        verdict.criteria.map((c) => [c.name, c.kind, c.status, c.message]),
      ),
    );
  }
  if (verdict && verdict.alerts.length > 0) {
    lines.push('', 'alerts:', ...verdict.alerts.map((alert) => `  ${alert.kind}: ${alert.message}`));
  }
  if (plan.history.length > 0) {
    lines.push(
      '',
      'history:',
      table(
        ['AT', 'EVENT', 'ACTOR', 'FROM', 'TO', 'MESSAGE'],
        plan.history.map((event) => [
          `${event.at.slice(0, 10)} ${event.at.slice(11, 19)}`,
          event.kind,
          event.actor,
          event.fromPercentage === null ? null : `${event.fromPercentage}%`,
          event.toPercentage === null ? null : `${event.toPercentage}%`,
          event.message,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

export function renderPlanList(plans: Plan[]): string {
  if (plans.length === 0) return 'no rollouts';
  return table(
    ['ID', 'FLAG', 'ENVIRONMENT', 'STATUS', 'STAGE', 'SERVING', 'AT STAGE'],
    plans.map((plan) => [
      plan.id,
      plan.flag,
      plan.environment,
      plan.status,
      `${plan.stageIndex + 1}/${plan.stages.length}`,
      `${plan.percentage}%`,
      duration(plan.secondsAtStage),
    ]),
  );
}

export function renderSuggestion(suggestion: Suggestion): string {
  return [
    `template: ${suggestion.template} (${suggestion.stages.map((s) => `${s.percentage}%`).join(' → ')})`,
    ...(suggestion.factors.length > 0 ? [`factors:  ${suggestion.factors.join(', ')}`] : []),
    'why:',
    ...suggestion.reasons.map((reason) => `  - ${reason}`),
  ].join('\n');
}

function verdictLine(verdict: Verdict): string {
  return `${verdict.action}: ${verdict.reason} (${verdict.at})`;
}

function currentMinimum(plan: Plan): number {
  return plan.stages[plan.stageIndex]?.minDurationSeconds ?? 0;
}
