import type { FlagConfig, Segment } from '@flagstaff/evaluator';
import { validateFlag } from '@flagstaff/evaluator/validate';
import type { Issue } from '../errors.ts';
import { type FlagDocument, toFlagConfig } from './flag-document.ts';
import { checkFlagPolicy, type FlagPolicy } from './flag-policy.ts';

const ENVIRONMENT_FIELDS = new Set<string | number>(['enabled', 'offVariant', 'rules', 'fallthrough']);

export interface ValidationContext {
  policy: FlagPolicy;
  now: Date;
  /** Whether this write sets the expiry (an unchanged past expiry does not block other edits). */
  expiryChanged: boolean;
  environmentKeys: string[];
  /** The other flags of each environment, for prerequisite references and cycles. */
  otherFlags: (environment: string) => FlagConfig[];
  segments: Segment[];
}

const key = (path: (string | number)[]) => path.join('\u0001');

/** The segments a flag names and whether it has prerequisites, across all its environments. */
export function referencesOf(flag: FlagDocument): { segmentKeys: string[]; hasPrerequisites: boolean } {
  const segmentKeys = new Set<string>();
  let hasPrerequisites = false;
  for (const state of Object.values(flag.environments)) {
    for (const rule of state.rules) {
      for (const condition of rule.conditions) {
        if (condition.op === 'segment') for (const s of condition.segments) segmentKeys.add(s);
        if (condition.op === 'flag') hasPrerequisites = true;
      }
    }
  }
  return { segmentKeys: [...segmentKeys], hasPrerequisites };
}

/**
 * Every problem with a flag document, as issues with paths in the API's terms: the type policy, then
 * the evaluator's structural and reference checks for each environment's merged configuration.
 */
export function validateFlagDocument(flag: FlagDocument, ctx: ValidationContext): Issue[] {
  const issues = checkFlagPolicy(flag, ctx.policy, ctx.now, ctx.expiryChanged);
  const seen = new Set(issues.map((i) => key(i.path)));
  const reported = (path: (string | number)[]) =>
    [...seen].some((p) => key(path) === p || key(path).startsWith(`${p}\u0001`));
  for (const env of ctx.environmentKeys) {
    const result = validateFlag(toFlagConfig(flag, env), {
      flags: ctx.otherFlags(env),
      segments: ctx.segments,
    });
    if (result.ok) continue;
    for (const issue of result.issues) {
      const path = ENVIRONMENT_FIELDS.has(issue.path[0] ?? '')
        ? ['environments', env, ...issue.path]
        : issue.path;
      if (reported(path)) continue;
      seen.add(key(path));
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}
