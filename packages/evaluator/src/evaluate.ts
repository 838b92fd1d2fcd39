import { type CompiledFlag, type ValueType, valueTypeOfDefault } from './compile-flag.ts';
import type { CompiledSnapshot } from './compile-snapshot.ts';
import type { Context } from './context.ts';
import type { ErrorCode, Evaluation, EvaluationContext, JsonValue } from './model.ts';
import { decision, EvaluationAbort, runFlag } from './run-flag.ts';

/** Why the last run failed, and which flag the last successful run served (reused: no allocation). */
const failure: { code: ErrorCode; message: string } = { code: 'GENERAL', message: '' };
let served: CompiledFlag | undefined;

function fail(code: ErrorCode, message: string): number {
  failure.code = code;
  failure.message = message;
  return -1;
}

function run(snapshot: CompiledSnapshot, key: string, ctx: unknown, type: ValueType): number {
  if (typeof ctx !== 'object' || ctx === null || Array.isArray(ctx)) {
    return fail('INVALID_CONTEXT', 'the context must be an object');
  }
  const entry = snapshot.flags.get(key);
  if (entry === undefined) return fail('FLAG_NOT_FOUND', `no flag named ${JSON.stringify(key)}`);
  if ('malformed' in entry) return fail('MALFORMED_FLAG', entry.malformed);
  const valueType = entry.variants.valueType;
  if (type !== 'json' && valueType !== type)
    return fail('TYPE_MISMATCH', `flag ${key} serves ${valueType} values, not ${type}`);
  served = entry;
  if (!entry.hasPrerequisites) return runFlag(entry, ctx as Context, snapshot.scope);
  const stack = snapshot.evaluating;
  stack.length = 0;
  stack.push(key);
  try {
    return runFlag(entry, ctx as Context, snapshot.scope);
  } finally {
    stack.length = 0;
  }
}

/** `run` that never throws: a context whose getters throw, or a bad snapshot, is an error result. */
function safeRun(snapshot: CompiledSnapshot, key: string, ctx: unknown, type: ValueType): number {
  try {
    return run(snapshot, key, ctx, type);
  } catch (error) {
    if (error instanceof EvaluationAbort) return fail(error.code, error.message);
    return fail('GENERAL', 'the flag could not be evaluated');
  }
}

/** Where `getValue` and `isEnabled` can report the variant they served (for metrics), allocation-free. */
export interface ServedVariant {
  /** The served variant's key; undefined when the default was returned on an error. */
  variant: string | undefined;
}

function report(out: ServedVariant | undefined, index: number): void {
  if (out) out.variant = index < 0 ? undefined : served!.variants.keys[index];
}

/** The flag's value for the context, or `defaultValue` on any error. Allocates nothing. */
export function getValue<T>(
  snapshot: CompiledSnapshot,
  flagKey: string,
  context: EvaluationContext,
  defaultValue: T,
  type: ValueType = valueTypeOfDefault(defaultValue),
  out?: ServedVariant,
): T {
  const index = safeRun(snapshot, flagKey, context, type);
  report(out, index);
  return index < 0 ? defaultValue : (served!.variants.values[index] as T);
}

/** Whether a boolean flag is on for the context; `defaultValue` on any error. */
export function isEnabled(
  snapshot: CompiledSnapshot,
  flagKey: string,
  context: EvaluationContext,
  defaultValue = false,
  out?: ServedVariant,
): boolean {
  const index = safeRun(snapshot, flagKey, context, 'boolean');
  report(out, index);
  return index < 0 ? defaultValue : (served!.variants.values[index] as boolean);
}

/** The full evaluation: value, variant, reason, matched rule and buckets. Never throws. */
export function evaluate<T = JsonValue>(
  snapshot: CompiledSnapshot,
  flagKey: string,
  context: EvaluationContext,
  defaultValue: T,
  type: ValueType = valueTypeOfDefault(defaultValue),
): Evaluation<T> {
  const index = safeRun(snapshot, flagKey, context, type);
  if (index < 0) {
    return { value: defaultValue, reason: 'ERROR', errorCode: failure.code, errorMessage: failure.message };
  }
  const flag = served!;
  const result: Evaluation<T> = {
    value: flag.variants.values[index] as T,
    variant: flag.variants.keys[index]!,
    reason: decision.reason,
  };
  if (decision.reason === 'RULE_MATCH') {
    result.ruleId = flag.rules[decision.ruleIndex]!.id;
    result.ruleIndex = decision.ruleIndex;
  }
  if (decision.bucket >= 0) result.bucket = decision.bucket;
  if (decision.splitBucket >= 0) result.splitBucket = decision.splitBucket;
  return result;
}

/**
 * For SDK counters: runs the flag like `getValue` and returns the served variant's index in
 * `servedFlag().variants` (-1 on any error), leaving `servedFlag()` and `servedCohort()` to read
 * before the next evaluation. Allocates nothing.
 */
export function evaluateIndex(
  snapshot: CompiledSnapshot,
  flagKey: string,
  context: EvaluationContext,
  type: ValueType,
): number {
  return safeRun(snapshot, flagKey, context, type);
}

/** The flag the last successful evaluation served (read right after `evaluateIndex` returned >= 0). */
export function servedFlag(): CompiledFlag {
  return served!;
}
