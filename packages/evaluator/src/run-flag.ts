import { BUCKETS, drawBucket, drawState } from './bucket.ts';
import type { CompiledFlag, CompiledServe } from './compile-flag.ts';
import { type ConditionScope, conditionHolds } from './conditions/condition.ts';
import { type Context, stickinessValue } from './context.ts';
import type { ErrorCode, Reason } from './model.ts';

/**
 * How the last run decided, kept in one reused record so that the hot path (`isEnabled`) allocates
 * nothing. Evaluation is synchronous, so the record is read before anything else can run.
 */
export interface Decision {
  reason: Reason;
  ruleIndex: number;
  bucket: number;
  splitBucket: number;
}

export const decision: Decision = { reason: 'DEFAULT', ruleIndex: -1, bucket: -1, splitBucket: -1 };

/** Aborts a whole evaluation (thrown through prerequisite evaluation, caught at the public API). */
export class EvaluationAbort {
  declare readonly code: ErrorCode;
  declare readonly message: string;

  // Declared and assigned, as in CompiledCondition (ADR 0006).
  constructor(code: ErrorCode, message: string) {
    this.code = code;
    this.message = message;
  }
}

function splitIndex(serve: CompiledServe, flag: CompiledFlag, value: string): number {
  flag.splitState ??= drawState(flag.salt, 'split');
  const bucket = drawBucket(flag.splitState, flag.salt, 'split', value);
  decision.splitBucket = bucket;
  const ends = serve.splitEnds;
  for (let i = 0; i < ends.length; i++) if (bucket < ends[i]!) return serve.splitVariants[i]!;
  return -1;
}

/** The variant index a serve gives the unit, or -1 when its gate (or a missing stickiness value) rejects it. */
function serveIndex(serve: CompiledServe, flag: CompiledFlag, ctx: Context): number {
  decision.bucket = -1;
  decision.splitBucket = -1;
  if (!serve.bucketed) return serve.variant;
  const value = stickinessValue(ctx, serve.stickiness);
  if (value === undefined) return -1;
  if (serve.threshold < BUCKETS) {
    const bucket = drawBucket(flag.gateState, flag.salt, 'gate', value);
    decision.bucket = bucket;
    if (bucket >= serve.threshold) return -1;
  }
  return serve.variant >= 0 ? serve.variant : splitIndex(serve, flag, value);
}

function allHold(rule: CompiledFlag['rules'][number], ctx: Context, scope: ConditionScope): boolean {
  const conditions = rule.conditions;
  for (let i = 0; i < conditions.length; i++) if (!conditionHolds(conditions[i]!, ctx, scope)) return false;
  return true;
}

/** Runs a well-formed flag for a context: the served variant index, with `decision` set. */
export function runFlag(flag: CompiledFlag, ctx: Context, scope: ConditionScope): number {
  if (!flag.enabled) {
    decision.reason = 'DISABLED';
    decision.ruleIndex = -1;
    decision.bucket = -1;
    decision.splitBucket = -1;
    return flag.off;
  }
  const rules = flag.rules;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    if (!allHold(rule, ctx, scope)) continue;
    const index = serveIndex(rule.serve, flag, ctx);
    if (index >= 0) {
      decision.reason = 'RULE_MATCH';
      decision.ruleIndex = r;
      return index;
    }
  }
  decision.ruleIndex = -1;
  const index = serveIndex(flag.fallthrough, flag, ctx);
  if (index >= 0) {
    decision.reason = flag.fallthrough.bucketed ? 'ROLLOUT' : 'DEFAULT';
    return index;
  }
  decision.reason = 'DEFAULT';
  return flag.off;
}
