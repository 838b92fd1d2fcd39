import type { Operator } from '../model.ts';

/**
 * The kinds of operand a condition can take, besides `op` and `negate`. Each kind has one shape:
 * `operandFields` below, the compiler (`compileCondition`), the validator (`validateCondition`) and the
 * server's request schema switch on it, each ending in an exhaustiveness check, so a new kind that one
 * of them forgets does not compile.
 */
export type OperandKind =
  /** `value`: a string, number or boolean. */
  | 'scalar'
  /** `values`: strings, numbers or booleans (at least one). */
  | 'scalar-list'
  /** `salt`, `hashes`, optional `values`: a list as client keys receive it (snapshots only). */
  | 'hashed-list'
  /** `values`: strings (at least one); optional `caseInsensitive`. */
  | 'string-list'
  /** `value`: a finite number. */
  | 'number'
  /** `value`: ms since the epoch, or ISO 8601 with an offset. */
  | 'date'
  /** `value`: a SemVer version. */
  | 'semver'
  /** `value`: a regular expression that cannot backtrack catastrophically; optional `caseInsensitive`. */
  | 'pattern'
  /** Only `attribute`. */
  | 'presence'
  /** `segments`: segment keys (at least one). No `attribute`. */
  | 'segments'
  /** `flag` and `variants`: a prerequisite. No `attribute`. */
  | 'prerequisite';

/** How an ordering operator compares the attribute with its operand. */
export type Order = 'lt' | 'lte' | 'eq' | 'gte' | 'gt';

export interface OperatorSpec {
  readonly operand: OperandKind;
  /** Holds when the operator without this flag would not (`not_in`, `absent`). */
  readonly inverted?: true;
  /** For number, date and semver operands. */
  readonly order?: Order;
  /** Only in snapshots for client keys: flags are written with the plain form. */
  readonly snapshotOnly?: true;
  /** Refers to other segments or flags: not allowed in segments. */
  readonly nests?: true;
}

/**
 * The one definition of the condition model's operators. `satisfies Record<Operator, …>` ties it to
 * the model's union: an operator added to the model and not here (or here and not there) does not
 * compile.
 */
export const OPERATORS = {
  eq: { operand: 'scalar' },
  in: { operand: 'scalar-list' },
  not_in: { operand: 'scalar-list', inverted: true },
  in_hashed: { operand: 'hashed-list', snapshotOnly: true },
  not_in_hashed: { operand: 'hashed-list', inverted: true, snapshotOnly: true },
  contains: { operand: 'string-list' },
  starts_with: { operand: 'string-list' },
  ends_with: { operand: 'string-list' },
  lt: { operand: 'number', order: 'lt' },
  lte: { operand: 'number', order: 'lte' },
  gt: { operand: 'number', order: 'gt' },
  gte: { operand: 'number', order: 'gte' },
  before: { operand: 'date', order: 'lt' },
  after: { operand: 'date', order: 'gt' },
  semver_eq: { operand: 'semver', order: 'eq' },
  semver_lt: { operand: 'semver', order: 'lt' },
  semver_lte: { operand: 'semver', order: 'lte' },
  semver_gt: { operand: 'semver', order: 'gt' },
  semver_gte: { operand: 'semver', order: 'gte' },
  matches: { operand: 'pattern' },
  present: { operand: 'presence' },
  absent: { operand: 'presence', inverted: true },
  segment: { operand: 'segments', nests: true },
  flag: { operand: 'prerequisite', nests: true },
} as const satisfies Record<Operator, OperatorSpec>;

// Pure: a bundle that does not list operators (the browser SDK) drops these.
export const OPERATOR_NAMES = /* @__PURE__ */ Object.keys(OPERATORS) as Operator[];

/** The operators a flag or segment is written with (the server's API); the rest appear in snapshots only. */
export type WritableOperator = {
  [K in Operator]: (typeof OPERATORS)[K] extends { snapshotOnly: true } ? never : K;
}[Operator];
export const WRITABLE_OPERATORS = /* @__PURE__ */ OPERATOR_NAMES.filter(
  (op) => !(OPERATORS[op] as OperatorSpec).snapshotOnly,
) as WritableOperator[];

/** The operator's spec, or undefined for anything that is not an operator (`toString` included). */
export function operatorSpec(op: unknown): OperatorSpec | undefined {
  return typeof op === 'string' && Object.hasOwn(OPERATORS, op) ? OPERATORS[op as Operator] : undefined;
}

/**
 * Limits on one condition, flag and segment, shared by the evaluator's validation and the server's
 * request schemas (the stricter of what each used to say).
 */
export const MODEL_LIMITS = {
  conditionsPerRule: 50,
  valuesPerCondition: 1_000,
  /** Each string in a condition's values. */
  stringLength: 1_000,
  attributeLength: 200,
  semverLength: 100,
  /** A `matches` pattern. */
  patternLength: 256,
  segmentsPerCondition: 50,
  rulesPerFlag: 200,
  variantsPerFlag: 50,
  splitArms: 50,
  /** Context keys listed in a segment's `included` or `excluded`. */
  segmentKeys: 10_000,
} as const;

/** The fields an operand kind takes besides `op` and `negate`: required first, then optional. */
export function operandFields(kind: OperandKind): { required: string[]; optional: string[] } {
  switch (kind) {
    case 'scalar':
    case 'number':
    case 'date':
    case 'semver':
      return { required: ['attribute', 'value'], optional: [] };
    case 'pattern':
      return { required: ['attribute', 'value'], optional: ['caseInsensitive'] };
    case 'scalar-list':
      return { required: ['attribute', 'values'], optional: [] };
    case 'string-list':
      return { required: ['attribute', 'values'], optional: ['caseInsensitive'] };
    case 'hashed-list':
      return { required: ['attribute', 'salt', 'hashes'], optional: ['values'] };
    case 'presence':
      return { required: ['attribute'], optional: [] };
    case 'segments':
      return { required: ['segments'], optional: [] };
    case 'prerequisite':
      return { required: ['flag', 'variants'], optional: [] };
    default: {
      const missed: never = kind;
      throw new Error(`unhandled operand kind ${String(missed)}`);
    }
  }
}
