import { MAX_PREREQUISITE_DEPTH } from '../compile-snapshot.ts';
import { MODEL_LIMITS } from '../conditions/operators.ts';
import { FLAG_TYPES, type FlagConfig, type Segment } from '../model.ts';
import {
  checkList,
  checkObject,
  checkPercentage,
  checkString,
  IssueList,
  type Path,
  type ValidationResult,
} from './issues.ts';
import { prerequisiteProblem } from './prerequisite-graph.ts';
import { LIMITS as CONDITION_LIMITS, type ConditionRefs, validateCondition } from './validate-condition.ts';

export const FLAG_LIMITS = {
  ...CONDITION_LIMITS,
  variants: MODEL_LIMITS.variantsPerFlag,
  rules: MODEL_LIMITS.rulesPerFlag,
  splitArms: MODEL_LIMITS.splitArms,
} as const;

export const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VARIANT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SALT = /^[A-Za-z0-9_-]+$/;

const FLAG_FIELDS = [
  'key',
  'type',
  'salt',
  'variants',
  'enabled',
  'offVariant',
  'rules',
  'fallthrough',
  'version',
];

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function checkVariants(flag: Record<string, unknown>, issues: IssueList): string[] {
  const at = ['variants'];
  if (!checkList(flag.variants, at, issues, { min: 1, max: FLAG_LIMITS.variants })) return [];
  const keys: string[] = [];
  const types = new Set<string>();
  flag.variants.forEach((v, i) => {
    if (!checkObject(v, [...at, i], issues, ['key', 'value'], ['key'])) return;
    if (checkString(v.key, [...at, i, 'key'], issues, { max: 100, pattern: VARIANT_KEY })) {
      if (keys.includes(v.key)) issues.add([...at, i, 'key'], `duplicates variant ${v.key}`);
      keys.push(v.key);
    }
    if (!('value' in v)) issues.add([...at, i, 'value'], 'is required');
    else types.add(jsonType(v.value));
  });
  if (types.size > 1)
    issues.add(at, `all variant values must have one type (found ${[...types].join(', ')})`);
  const values = flag.variants.map((v) => (v as { value?: unknown } | null)?.value);
  if (values.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
    issues.add(at, 'numbers must be finite');
  }
  return keys;
}

function checkVariantRef(value: unknown, path: Path, issues: IssueList, variants: string[]): void {
  if (checkString(value, path, issues, { max: 100 }) && variants.length > 0 && !variants.includes(value)) {
    issues.add(path, `is not one of the flag's variants (${variants.join(', ')})`);
  }
}

function checkServe(
  serve: unknown,
  path: Path,
  issues: IssueList,
  variants: string[],
  permission: boolean,
): void {
  const fields = ['variant', 'split', 'percentage', 'stickiness'];
  if (!checkObject(serve, path, issues, fields, [])) return;
  if ((serve.variant === undefined) === (serve.split === undefined)) {
    issues.add(path, 'must have exactly one of variant and split');
  }
  if (serve.variant !== undefined) checkVariantRef(serve.variant, [...path, 'variant'], issues, variants);
  if (serve.split !== undefined) {
    const at = [...path, 'split'];
    if (checkList(serve.split, at, issues, { min: 1, max: FLAG_LIMITS.splitArms })) {
      let total = 0;
      serve.split.forEach((arm, i) => {
        if (!checkObject(arm, [...at, i], issues, ['variant', 'weight'], ['variant', 'weight'])) return;
        checkVariantRef(arm.variant, [...at, i, 'variant'], issues, variants);
        if (checkPercentage(arm.weight, [...at, i, 'weight'], issues)) total += Math.round(arm.weight * 1000);
      });
      if (total !== 100_000) issues.add(at, `weights must sum to 100 (they sum to ${total / 1000})`);
    }
  }
  if (serve.percentage !== undefined) checkPercentage(serve.percentage, [...path, 'percentage'], issues);
  if (serve.stickiness !== undefined) checkString(serve.stickiness, [...path, 'stickiness'], issues);
  const random = serve.split !== undefined || (serve.percentage !== undefined && serve.percentage !== 100);
  if (permission && random) {
    issues.add(path, 'permission flags target people and segments, not random percentages or splits');
  }
}

function checkRules(
  flag: Record<string, unknown>,
  issues: IssueList,
  variants: string[],
  refs: ConditionRefs,
) {
  const at = ['rules'];
  if (!checkList(flag.rules, at, issues, { max: FLAG_LIMITS.rules })) return;
  const ids = new Set<string>();
  flag.rules.forEach((rule, i) => {
    const path = [...at, i];
    if (
      !checkObject(
        rule,
        path,
        issues,
        ['id', 'description', 'conditions', 'serve'],
        ['id', 'conditions', 'serve'],
      )
    ) {
      return;
    }
    if (checkString(rule.id, [...path, 'id'], issues, { max: 100 })) {
      if (ids.has(rule.id)) issues.add([...path, 'id'], `duplicates rule ${rule.id}`);
      ids.add(rule.id);
    }
    if (rule.description !== undefined)
      checkString(rule.description, [...path, 'description'], issues, { min: 0 });
    const conditions = [...path, 'conditions'];
    if (checkList(rule.conditions, conditions, issues, { max: FLAG_LIMITS.conditionsPerRule })) {
      rule.conditions.forEach((c, j) => {
        validateCondition(c, [...conditions, j], issues, refs, true);
      });
    }
    checkServe(rule.serve, [...path, 'serve'], issues, variants, flag.type === 'permission');
  });
}

function checkRefs(
  flag: Record<string, unknown>,
  refs: ConditionRefs,
  known: { flags: readonly FlagConfig[]; segments: readonly Segment[] },
  issues: IssueList,
): void {
  const segmentKeys = new Set(known.segments.map((s) => s.key));
  for (const ref of refs.segments) {
    if (!segmentKeys.has(ref.key)) issues.add(ref.path, `there is no segment ${ref.key}`);
  }
  for (const ref of refs.prerequisites) {
    const target = ref.flag === flag.key ? flag : known.flags.find((f) => f.key === ref.flag);
    if (!target) {
      issues.add([...ref.path, 'flag'], `there is no flag ${ref.flag}`);
      continue;
    }
    const keys = Array.isArray(target.variants) ? target.variants.map((v: { key?: unknown }) => v?.key) : [];
    ref.variants.forEach((v, i) => {
      if (!keys.includes(v)) issues.add([...ref.path, 'variants', i], `flag ${ref.flag} has no variant ${v}`);
    });
  }
  if (refs.prerequisites.length > 0 && typeof flag.key === 'string') {
    const problem = prerequisiteProblem(flag as unknown as FlagConfig, known.flags, MAX_PREREQUISITE_DEPTH);
    if (problem) issues.add(['rules'], problem);
  }
}

/**
 * Every problem with a flag definition, each with its path. `known` holds the environment's other
 * flags and segments, against which segment and prerequisite references (and cycles) are checked.
 */
export function validateFlag(
  flag: unknown,
  known: { flags: readonly FlagConfig[]; segments: readonly Segment[] } = { flags: [], segments: [] },
): ValidationResult<FlagConfig> {
  const issues = new IssueList();
  if (
    !checkObject(
      flag,
      [],
      issues,
      FLAG_FIELDS,
      FLAG_FIELDS.filter((f) => f !== 'version'),
    )
  ) {
    return issues.result(flag);
  }
  checkString(flag.key, ['key'], issues, { max: 128, pattern: FLAG_KEY });
  if (!FLAG_TYPES.includes(flag.type as never))
    issues.add(['type'], `must be one of ${FLAG_TYPES.join(', ')}`);
  checkString(flag.salt, ['salt'], issues, { max: 128, pattern: SALT });
  if (typeof flag.enabled !== 'boolean') issues.add(['enabled'], 'must be a boolean');
  if (flag.version !== undefined && !Number.isSafeInteger(flag.version))
    issues.add(['version'], 'must be an integer');
  const variants = checkVariants(flag, issues);
  checkVariantRef(flag.offVariant, ['offVariant'], issues, variants);
  const refs: ConditionRefs = { segments: [], prerequisites: [] };
  checkRules(flag, issues, variants, refs);
  checkServe(flag.fallthrough, ['fallthrough'], issues, variants, flag.type === 'permission');
  checkRefs(flag, refs, known, issues);
  return issues.result(flag);
}
