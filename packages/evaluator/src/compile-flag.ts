import { EXPLAIN } from '#explain';
import type { HashState } from '#murmur3';
import { BUCKETS, drawState, percentageToUnits } from './bucket.ts';
import { type CompiledCondition, compileCondition, isPrerequisite } from './conditions/condition.ts';
import { malformed, requireArray, requireString } from './conditions/malformed.ts';
import type { Interner } from './intern.ts';
import type { FlagConfig, JsonValue, Rule, Serve, Variant } from './model.ts';

export type ValueType = 'boolean' | 'string' | 'number' | 'json';

/** A flag's variants, shared by every flag with the same ones (all on/off flags share one). */
export interface VariantTable {
  readonly keys: readonly string[];
  readonly values: readonly JsonValue[];
  readonly valueType: ValueType;
}

const NONE: readonly number[] = [];

export class CompiledServe {
  constructor(
    /** Units below this bucket pass the gate; BUCKETS means no gate. */
    readonly threshold: number,
    /** Attribute hashed for the gate and split; undefined: the context key. */
    readonly stickiness: string | undefined,
    /** Fixed variant index, or -1 for a split. */
    readonly variant: number,
    /** Cumulative split thresholds and the variant index each one serves. */
    readonly splitEnds: readonly number[],
    readonly splitVariants: readonly number[],
  ) {
    this.bucketed = threshold < BUCKETS || variant < 0;
  }

  /** Whether the serve reads a bucket at all (a gate or a split). */
  readonly bucketed: boolean;
}

export interface CompiledRule {
  readonly id: string;
  readonly conditions: readonly CompiledCondition[];
  readonly serve: CompiledServe;
}

export class CompiledFlag {
  /** The split draw's state, computed the first time a split is drawn (most flags never split). */
  splitState: HashState | undefined;
  /**
   * The flag's position in its compiled snapshot (0, 1, …), set by `compileSnapshot`: SDKs index
   * per-flag counters with it instead of looking the key up again on every evaluation.
   */
  ordinal = -1;

  constructor(
    readonly key: string,
    readonly salt: string,
    readonly variants: VariantTable,
    readonly enabled: boolean,
    readonly off: number,
    readonly rules: readonly CompiledRule[],
    readonly fallthrough: CompiledServe,
    readonly gateState: HashState,
    /** Whether any rule has a `flag` condition (only then is a cycle possible from here). */
    readonly hasPrerequisites: boolean,
    /** The flag's version in the snapshot (0 when the snapshot carries none): metrics report it. */
    readonly version: number,
  ) {}
}

const SALT = /^[A-Za-z0-9_-]{1,128}$/;

function shapeOf(value: JsonValue): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function compileVariants(variants: Variant[]): VariantTable {
  if (requireArray(variants, EXPLAIN && 'variants').length === 0)
    malformed(EXPLAIN && 'a flag needs at least one variant');
  const keys = variants.map((v) => requireString(v?.key, EXPLAIN && 'variant key'));
  if (new Set(keys).size !== keys.length) malformed(EXPLAIN && 'variant keys must be unique');
  const values = variants.map((v) => v.value);
  const shape = shapeOf(values[0]!);
  if (values.some((v) => v === undefined || shapeOf(v) !== shape))
    malformed(EXPLAIN && 'all variants must have values of one type');
  const t = typeof values[0];
  const valueType = t === 'boolean' || t === 'string' || t === 'number' ? t : 'json';
  return { keys, values, valueType };
}

function percentageUnits(value: unknown): number {
  if (value === undefined) return BUCKETS;
  const ok = typeof value === 'number' && value >= 0 && value <= 100;
  return ok ? percentageToUnits(value) : malformed(EXPLAIN && 'percentage must be a number from 0 to 100');
}

function compileServe(serve: Serve, variantIndex: (key: unknown) => number): CompiledServe {
  if (typeof serve !== 'object' || serve === null) return malformed(EXPLAIN && 'serve must be an object');
  const threshold = percentageUnits(serve.percentage);
  const stickiness =
    serve.stickiness === undefined ? undefined : requireString(serve.stickiness, EXPLAIN && 'stickiness');
  if (serve.split === undefined)
    return new CompiledServe(threshold, stickiness, variantIndex(serve.variant), NONE, NONE);
  if (serve.variant !== undefined) malformed(EXPLAIN && 'serve has both a variant and a split');
  const ends: number[] = [];
  const indexes: number[] = [];
  let end = 0;
  const arms = requireArray(serve.split, EXPLAIN && 'split') as { variant: unknown; weight: unknown }[];
  for (const arm of arms) {
    const ok = typeof arm?.weight === 'number' && arm.weight >= 0 && arm.weight <= 100;
    end += ok
      ? percentageToUnits(arm.weight as number)
      : malformed(EXPLAIN && 'split weights must be from 0 to 100');
    ends.push(end);
    indexes.push(variantIndex(arm.variant));
  }
  if (end !== BUCKETS) malformed(EXPLAIN && 'split weights must sum to 100');
  return new CompiledServe(threshold, stickiness, -1, ends, indexes);
}

function compileRule(rule: Rule, variantIndex: (key: unknown) => number, intern: Interner): CompiledRule {
  if (typeof rule !== 'object' || rule === null) return malformed(EXPLAIN && 'a rule must be an object');
  return {
    id: requireString(rule.id, EXPLAIN && 'rule id'),
    conditions: requireArray(rule.conditions, EXPLAIN && 'conditions').map((c) =>
      intern.get('condition', c, () => compileCondition(c as never, true)),
    ),
    serve: compileServe(rule.serve, variantIndex),
  };
}

/** Compiles a flag for evaluation. Throws MalformedFlagError when it cannot be evaluated. */
export function compileFlag(flag: FlagConfig, intern: Interner): CompiledFlag {
  if (typeof flag !== 'object' || flag === null) return malformed(EXPLAIN && 'a flag must be an object');
  const key = requireString(flag.key, EXPLAIN && 'key');
  const salt = requireString(flag.salt, EXPLAIN && 'salt');
  if (!SALT.test(salt)) malformed(EXPLAIN && 'salt must be 1 to 128 letters, digits, _ or -');
  const variants = intern.get('variants', flag.variants, () => compileVariants(flag.variants));
  const variantIndex = (k: unknown): number => {
    const i = variants.keys.indexOf(k as string);
    return i >= 0 ? i : malformed(EXPLAIN && `unknown variant ${JSON.stringify(k)}`);
  };
  if (typeof flag.enabled !== 'boolean') malformed(EXPLAIN && 'enabled must be true or false');
  // Serves and rules refer to variants by index, so they are shared only among equal variant tables.
  const scope = variants.keys.join('\u0000');
  const rules = intern.get('rules', [scope, flag.rules], () =>
    requireArray(flag.rules, EXPLAIN && 'rules').map((rule) =>
      intern.get('rule', [scope, rule], () => compileRule(rule as Rule, variantIndex, intern)),
    ),
  );
  const fallthrough = intern.get('serve', [scope, flag.fallthrough], () =>
    compileServe(flag.fallthrough, variantIndex),
  );
  const hasPrerequisites = rules.some((rule) => rule.conditions.some(isPrerequisite));
  return new CompiledFlag(
    key,
    salt,
    variants,
    flag.enabled,
    variantIndex(flag.offVariant),
    rules,
    fallthrough,
    drawState(salt, 'gate'),
    hasPrerequisites,
    typeof flag.version === 'number' && Number.isSafeInteger(flag.version) ? flag.version : 0,
  );
}
