import { BUCKETS, drawBucket } from './bucket.ts';
import type { CompiledFlag, CompiledServe } from './compile-flag.ts';
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
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}

/** The variant index a serve gives the unit, or -1 when its gate (or a missing stickiness value) rejects it. */
function serveIndex(serve: CompiledServe, flag: CompiledFlag, ctx: Context): number {
  decision.bucket = -1;
  decision.splitBucket = -1;
  if (!serve.bucketed) return serve.variant;
  const value = stickinessValue(ctx, serve.stickiness);
  if (value === undefined) return -1;
  if (serve.threshold < BUCKETS) {
    const bucket = drawBucket(flag.gate, value);
    decision.bucket = bucket;
    if (bucket >= serve.threshold) return -1;
  }
  if (serve.variant >= 0) return serve.variant;
  const splitBucket = drawBucket(flag.split, value);
  decision.splitBucket = splitBucket;
  const ends = serve.splitEnds;
  for (let i = 0; i < ends.length; i++) if (splitBucket < ends[i]!) return serve.splitVariants[i]!;
  return -1;
}

/** Runs a well-formed, enabled-or-not flag for a context: the served variant index, with `decision` set. */
export function runFlag(flag: CompiledFlag, ctx: Context): number {
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
    const matchers = rule.matchers;
    let holds = true;
    for (let m = 0; m < matchers.length; m++) {
      if (!matchers[m]!(ctx)) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
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
