import { EXPLAIN } from '#explain';
import type { Interner } from '#intern';
import type { HashState } from '#murmur3';
import { BUCKETS, drawState, percentageToUnits } from './bucket.ts';
import { type CompiledCondition, compileCondition, isPrerequisite } from './conditions/condition.ts';
import { malformed, requireArray, requireString } from './conditions/malformed.ts';
import type { FlagConfig, JsonValue, Rule, Serve, Variant } from './model.ts';

export type ValueType = 'boolean' | 'string' | 'number' | 'json';

/** A flag's variants, shared by every flag with the same ones (all on/off flags share one). */
export interface VariantTable {
  readonly keys: readonly string[];
  readonly values: readonly JsonValue[];
  readonly valueType: ValueType;
}

/** The value type a flag serves for values like this one (a getter's default, a variant's value). */
export function valueTypeOfDefault(value: unknown): ValueType {
  const t = typeof value;
  return t === 'boolean' || t === 'string' || t === 'number' ? t : 'json';
}

const NONE: readonly number[] = [];

export class CompiledServe {
  /** Units below this bucket pass the gate; BUCKETS means no gate. */
  declare readonly threshold: number;
  /** Attribute hashed for the gate and split; undefined: the context key. */
  declare readonly stickiness: string | undefined;
  /** Fixed variant index, or -1 for a split. */
  declare readonly variant: number;
  /** Cumulative split thresholds and the variant index each one serves. */
  declare readonly splitEnds: readonly number[];
  declare readonly splitVariants: readonly number[];
  /** Whether the serve reads a bucket at all (a gate or a split). */
  declare readonly bucketed: boolean;

  // Fields declared and assigned here, as in CompiledCondition (ADR 0006).
  constructor(
    threshold: number,
    stickiness: string | undefined,
    variant: number,
    splitEnds: readonly number[],
    splitVariants: readonly number[],
  ) {
    this.threshold = threshold;
    this.stickiness = stickiness;
    this.variant = variant;
    this.splitEnds = splitEnds;
    this.splitVariants = splitVariants;
    this.bucketed = threshold < BUCKETS || variant < 0;
  }
}

export interface CompiledRule {
  readonly id: string;
  readonly conditions: readonly CompiledCondition[];
  readonly serve: CompiledServe;
}

export class CompiledFlag {
  declare readonly key: string;
  declare readonly salt: string;
  declare readonly variants: VariantTable;
  declare readonly enabled: boolean;
  declare readonly off: number;
  declare readonly rules: readonly CompiledRule[];
  declare readonly fallthrough: CompiledServe;
  declare readonly gateState: HashState;
  /** Whether any rule has a `flag` condition (only then is a cycle possible from here). */
  declare readonly hasPrerequisites: boolean;
  /** The flag's version in the snapshot (0 when the snapshot carries none): metrics report it. */
  declare readonly version: number;
  /** The split draw's state, computed the first time a split is drawn (most flags never split). */
  declare splitState: HashState | undefined;
  /**
   * The flag's position in its compiled snapshot (0, 1, …), set by `compileSnapshot`: SDKs index
   * per-flag counters with it instead of looking the key up again on every evaluation.
   */
  declare ordinal: number;

  // Fields declared and assigned here, as in CompiledCondition (ADR 0006); every field is assigned,
  // so every compiled flag has one shape from the start.
  constructor(
    key: string,
    salt: string,
    variants: VariantTable,
    enabled: boolean,
    off: number,
    rules: readonly CompiledRule[],
    fallthrough: CompiledServe,
    gateState: HashState,
    hasPrerequisites: boolean,
    version: number,
  ) {
    this.key = key;
    this.salt = salt;
    this.variants = variants;
    this.enabled = enabled;
    this.off = off;
    this.rules = rules;
    this.fallthrough = fallthrough;
    this.gateState = gateState;
    this.hasPrerequisites = hasPrerequisites;
    this.version = version;
    this.splitState = undefined;
    this.ordinal = -1;
  }
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
  return { keys, values, valueType: valueTypeOfDefault(values[0]) };
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
