import { BUCKETS, createDraw, type Draw, percentageToUnits } from './bucket.ts';
import { type ConditionScope, compileCondition, type Matcher } from './conditions/compile-condition.ts';
import { malformed, requireArray, requireString } from './conditions/malformed.ts';
import type { FlagConfig, JsonValue, Serve } from './model.ts';

export type ValueType = 'boolean' | 'string' | 'number' | 'json';

export interface CompiledServe {
  /** Units below this bucket pass the gate; BUCKETS means no gate. */
  readonly threshold: number;
  /** Attribute hashed for the gate and split; undefined: the context key. */
  readonly stickiness: string | undefined;
  /** Fixed variant index, or -1 for a split. */
  readonly variant: number;
  /** Cumulative split thresholds and the variant index each one serves. */
  readonly splitEnds: readonly number[];
  readonly splitVariants: readonly number[];
  /** Whether the serve reads a bucket at all (a gate or a split). */
  readonly bucketed: boolean;
}

export interface CompiledRule {
  readonly id: string;
  readonly matchers: readonly Matcher[];
  readonly serve: CompiledServe;
}

export interface CompiledFlag {
  readonly key: string;
  readonly variantKeys: readonly string[];
  readonly values: readonly JsonValue[];
  readonly valueType: ValueType;
  readonly enabled: boolean;
  readonly off: number;
  readonly rules: readonly CompiledRule[];
  readonly fallthrough: CompiledServe;
  readonly gate: Draw;
  readonly split: Draw;
  /** Whether any rule has a `flag` condition (only then is a cycle possible from here). */
  readonly hasPrerequisites: boolean;
}

const SALT = /^[A-Za-z0-9_-]{1,128}$/;

function valueTypeOf(value: JsonValue): ValueType {
  const t = typeof value;
  return t === 'boolean' || t === 'string' || t === 'number' ? t : 'json';
}

function percentageUnits(value: unknown): number {
  if (value === undefined) return BUCKETS;
  const ok = typeof value === 'number' && value >= 0 && value <= 100;
  return ok ? percentageToUnits(value) : malformed('percentage must be a number from 0 to 100');
}

function compileServe(serve: Serve, variantIndex: (key: unknown) => number): CompiledServe {
  if (typeof serve !== 'object' || serve === null) return malformed('serve must be an object');
  const threshold = percentageUnits(serve.percentage);
  const stickiness =
    serve.stickiness === undefined ? undefined : requireString(serve.stickiness, 'stickiness');
  const splitEnds: number[] = [];
  const splitVariants: number[] = [];
  let variant = -1;
  if (serve.split !== undefined) {
    if (serve.variant !== undefined) malformed('serve has both a variant and a split');
    let end = 0;
    for (const arm of requireArray(serve.split, 'split') as { variant: unknown; weight: unknown }[]) {
      const units = typeof arm?.weight === 'number' && arm.weight >= 0 ? percentageToUnits(arm.weight) : NaN;
      if (Number.isNaN(units)) malformed('split weights must be non-negative numbers');
      end += units;
      splitEnds.push(end);
      splitVariants.push(variantIndex(arm.variant));
    }
    if (end !== BUCKETS) malformed('split weights must sum to 100');
  } else {
    variant = variantIndex(serve.variant);
  }
  const bucketed = threshold < BUCKETS || variant < 0;
  return { threshold, stickiness, variant, splitEnds, splitVariants, bucketed };
}

/** Compiles a flag for evaluation. Throws MalformedFlagError when it cannot be evaluated. */
export function compileFlag(flag: FlagConfig, scope: ConditionScope): CompiledFlag {
  if (typeof flag !== 'object' || flag === null) return malformed('a flag must be an object');
  const key = requireString(flag.key, 'key');
  const salt = requireString(flag.salt, 'salt');
  if (!SALT.test(salt)) malformed('salt must be 1 to 128 letters, digits, _ or -');
  const variants = requireArray(flag.variants, 'variants') as FlagConfig['variants'];
  if (variants.length === 0) malformed('a flag needs at least one variant');
  const variantKeys = variants.map((v) => requireString(v?.key, 'variant key'));
  if (new Set(variantKeys).size !== variantKeys.length) malformed('variant keys must be unique');
  const values = variants.map((v) => v.value);
  const valueType = valueTypeOf(values[0]!);
  const shape = (v: JsonValue) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (values.some((v) => v === undefined || shape(v) !== shape(values[0]!))) {
    malformed('all variants must have values of one type');
  }
  const variantIndex = (k: unknown): number => {
    const i = variantKeys.indexOf(k as string);
    return i >= 0 ? i : malformed(`unknown variant ${JSON.stringify(k)}`);
  };
  if (typeof flag.enabled !== 'boolean') malformed('enabled must be true or false');
  const rules = (requireArray(flag.rules, 'rules') as FlagConfig['rules']).map((rule) => ({
    id: requireString(rule?.id, 'rule id'),
    matchers: requireArray(rule.conditions, 'conditions').map((c) => compileCondition(c as never, scope)),
    serve: compileServe(rule.serve, variantIndex),
  }));
  return {
    key,
    variantKeys,
    values,
    valueType,
    enabled: flag.enabled,
    off: variantIndex(flag.offVariant),
    rules,
    fallthrough: compileServe(flag.fallthrough, variantIndex),
    gate: createDraw(salt, 'gate'),
    split: createDraw(salt, 'split'),
    hasPrerequisites: flag.rules.some((rule) => rule.conditions.some((c) => c.op === 'flag')),
  };
}
