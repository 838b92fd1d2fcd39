import { type Stage, TEMPLATE_STAGES, type TemplateName } from './rollout-model.ts';

/** What makes a release risky or safe, as the playbook lists it. */
export type RiskFactor =
  | 'database'
  | 'payments'
  | 'authentication'
  | 'high_traffic'
  | 'irreversible'
  | 'ui_only'
  | 'bug_fix'
  | 'low_traffic'
  | 'new_feature';

export const RISK_FACTORS: readonly RiskFactor[] = [
  'database',
  'payments',
  'authentication',
  'high_traffic',
  'irreversible',
  'ui_only',
  'bug_fix',
  'low_traffic',
  'new_feature',
];

const HIGH: readonly RiskFactor[] = [
  'database',
  'payments',
  'authentication',
  'high_traffic',
  'irreversible',
];
const LOW: readonly RiskFactor[] = ['ui_only', 'bug_fix', 'low_traffic', 'new_feature'];

/** Tags that name a factor (lower-cased, `-` and `_` alike). */
const TAG_FACTORS: Record<string, RiskFactor> = {
  database: 'database',
  db: 'database',
  migration: 'database',
  schema: 'database',
  payments: 'payments',
  payment: 'payments',
  billing: 'payments',
  financial: 'payments',
  checkout: 'payments',
  auth: 'authentication',
  authentication: 'authentication',
  login: 'authentication',
  security: 'authentication',
  high_traffic: 'high_traffic',
  hot_path: 'high_traffic',
  irreversible: 'irreversible',
  ui: 'ui_only',
  ui_only: 'ui_only',
  frontend: 'ui_only',
  bug_fix: 'bug_fix',
  bugfix: 'bug_fix',
  fix: 'bug_fix',
  low_traffic: 'low_traffic',
  new_feature: 'new_feature',
};

const MINUTE = 60;
/** The playbook's time at stage: 30 minutes, 4 hours on critical paths, 24 hours for database changes. */
export const MIN_STAGE_SECONDS = {
  default: 30 * MINUTE,
  critical: 4 * 60 * MINUTE,
  database: 24 * 60 * MINUTE,
};

export interface TemplateSuggestion {
  template: Exclude<TemplateName, 'custom'>;
  stages: Stage[];
  factors: RiskFactor[];
  /** Why, in sentences a person can check. */
  reasons: string[];
}

export function factorsOf(tags: string[], declared: RiskFactor[] = []): RiskFactor[] {
  const fromTags = tags
    .map((tag) => TAG_FACTORS[tag.toLowerCase().replaceAll('-', '_')])
    .filter((f): f is RiskFactor => f !== undefined);
  return [...new Set([...declared, ...fromTags])];
}

/**
 * The playbook's template for a flag's risk: any high-risk factor means conservative; only low-risk
 * factors mean aggressive; otherwise standard. An explicit level wins over the tags.
 */
export function suggestTemplate(
  tags: string[],
  risk: { level?: 'high' | 'medium' | 'low' | undefined; factors?: RiskFactor[] | undefined } = {},
): TemplateSuggestion {
  const factors = factorsOf(tags, risk.factors);
  const high = factors.filter((f) => HIGH.includes(f));
  const low = factors.filter((f) => LOW.includes(f));
  const reasons: string[] = [];
  let template: TemplateSuggestion['template'];
  if (risk.level === 'high' || (risk.level === undefined && high.length > 0)) {
    template = 'conservative';
    reasons.push(
      risk.level === 'high'
        ? 'risk level high'
        : `high-risk change: ${high.join(', ')} (the playbook's conservative cases)`,
    );
  } else if (risk.level === 'low' || (risk.level === undefined && low.length > 0 && high.length === 0)) {
    template = 'aggressive';
    reasons.push(risk.level === 'low' ? 'risk level low' : `low-risk change: ${low.join(', ')}`);
  } else {
    template = 'standard';
    reasons.push(
      risk.level === 'medium' ? 'risk level medium' : 'no risk factor in the tags: the standard ladder',
    );
  }
  const minDurationSeconds = stageMinimum(factors);
  reasons.push(
    minDurationSeconds === MIN_STAGE_SECONDS.database
      ? '24 hours at each stage: a database change'
      : minDurationSeconds === MIN_STAGE_SECONDS.critical
        ? `4 hours at each stage: a critical path (${high.join(', ')})`
        : '30 minutes at each stage',
  );
  const stages = TEMPLATE_STAGES[template].map((percentage) => ({ percentage, minDurationSeconds }));
  return { template, stages, factors, reasons };
}

export function stageMinimum(factors: RiskFactor[]): number {
  if (factors.includes('database')) return MIN_STAGE_SECONDS.database;
  if (factors.some((f) => HIGH.includes(f))) return MIN_STAGE_SECONDS.critical;
  return MIN_STAGE_SECONDS.default;
}
