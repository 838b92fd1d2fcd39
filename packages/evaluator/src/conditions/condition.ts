import { EXPLAIN } from '#explain';
import { type Context, isScalar, readAttribute } from '../context.ts';
import { listValueHash } from '../key-hash.ts';
import type { Scalar, SnapshotCondition } from '../model.ts';
import { parseDate } from './dates.ts';
import { malformed, requireArray, requireString } from './malformed.ts';
import { type Order, operatorSpec } from './operators.ts';
import { compareSemver, parseSemver, type SemVer } from './semver.ts';

/**
 * A compiled condition is data, not a closure: one small object per distinct condition (shared
 * across flags by the interner), read by `conditionHolds` with a switch on its opcode.
 */
export class CompiledCondition {
  // Declared, then assigned: parameter properties would also emit class fields (ES2022), bytes the
  // browser bundle carries twice (ADR 0006).
  declare readonly op: Opcode;
  declare readonly attribute: string;
  declare readonly operand: unknown;
  /** Whether the result is inverted (for present attributes only, except present/segment/flag). */
  declare readonly negate: boolean;
  /** Ordering ops: which comparison outcomes hold (LESS | EQUAL | GREATER). String ops: case-insensitive. */
  declare readonly mode: number;

  constructor(op: Opcode, attribute: string, operand: unknown, negate: boolean, mode: number) {
    this.op = op;
    this.attribute = attribute;
    this.operand = operand;
    this.negate = negate;
    this.mode = mode;
  }
}

/** What segment and prerequisite conditions need from the snapshot being evaluated. */
export interface ConditionScope {
  inSegment(segmentKey: string, ctx: Context): boolean;
  /** The variant a flag serves this context, or undefined if it is unknown or malformed. */
  prerequisiteVariant(flagKey: string, ctx: Context): string | undefined;
}

/** Longest string a `matches` condition will run its pattern over. */
export const MAX_REGEX_INPUT = 4096;
/** Lists longer than this are looked up in a Set; shorter ones are scanned (faster, smaller). */
const SET_FROM = 16;

const EQ = 0;
const IN_LIST = 1;
const IN_SET = 2;
const CONTAINS = 3;
const STARTS_WITH = 4;
const ENDS_WITH = 5;
const NUMBER = 6;
const DATE = 7;
const SEMVER = 8;
const MATCHES = 9;
const PRESENT = 10;
const SEGMENT = 11;
const FLAG = 12;
const IN_HASHED = 13;
type Opcode = number;

const LESS = 1;
const EQUAL = 2;
const GREATER = 4;
const ORDER: Record<Order, number> = {
  lt: LESS,
  lte: LESS | EQUAL,
  gt: GREATER,
  gte: GREATER | EQUAL,
  eq: EQUAL,
};

/** An `in_hashed` list: values in clear, and hashes of the others under the condition's salt. */
interface HashedList {
  readonly salt: string;
  readonly hashes: ReadonlySet<string>;
  readonly values: readonly Scalar[];
}

function scalars(values: unknown): Scalar[] {
  const list = requireArray(values, EXPLAIN && 'values');
  return list.every(isScalar) ? list : malformed(EXPLAIN && 'values must be strings, numbers or booleans');
}

function hashedList(c: { salt: unknown; hashes: unknown; values?: unknown }): HashedList {
  return {
    salt: requireString(c.salt, EXPLAIN && 'salt'),
    hashes: new Set(
      requireArray(c.hashes, EXPLAIN && 'hashes').map((h) => requireString(h, EXPLAIN && 'each hash')),
    ),
    values: c.values === undefined ? [] : scalars(c.values),
  };
}

function strings(values: unknown, lower: boolean): string[] {
  return requireArray(values, EXPLAIN && 'values').map((v) => {
    const s = requireString(v, EXPLAIN && 'each value');
    return lower ? s.toLowerCase() : s;
  });
}

const STRING_OPCODE: Record<string, Opcode> = {
  contains: CONTAINS,
  starts_with: STARTS_WITH,
  ends_with: ENDS_WITH,
};

/**
 * Compiles one condition. Throws MalformedFlagError for a condition that cannot be evaluated. Driven
 * by the operator table: the switch covers every operand kind, and a kind it misses does not compile.
 */
export function compileCondition(c: SnapshotCondition, allowNesting: boolean): CompiledCondition {
  if (typeof c !== 'object' || c === null) return malformed(EXPLAIN && 'a condition must be an object');
  const spec = operatorSpec(c.op) ?? malformed(EXPLAIN && `unknown operator ${JSON.stringify(c.op)}`);
  if (spec.nests && !allowNesting) malformed(EXPLAIN && `segments cannot use ${c.op} conditions`);
  // Read loosely: a snapshot from outside may hold anything; each field is checked as it is read.
  const f = c as unknown as Record<string, unknown>;
  const negate = (c.negate === true) !== (spec.inverted === true);
  const attribute = () => requireString(f.attribute, EXPLAIN && 'attribute');
  const order = spec.order ? ORDER[spec.order]! : 0;
  const kind = spec.operand;
  switch (kind) {
    case 'presence':
      return new CompiledCondition(PRESENT, attribute(), null, negate, 0);
    case 'segments':
      return new CompiledCondition(SEGMENT, '', strings(f.segments, false), negate, 0);
    case 'prerequisite':
      return new CompiledCondition(
        FLAG,
        requireString(f.flag, EXPLAIN && 'flag'),
        strings(f.variants, false),
        negate,
        0,
      );
    case 'scalar': {
      const value = isScalar(f.value)
        ? f.value
        : malformed(EXPLAIN && 'value must be a string, number or boolean');
      return new CompiledCondition(EQ, attribute(), value, negate, 0);
    }
    case 'scalar-list': {
      // not_in is in, inverted: so an array is not_in the values when none of its elements is in them.
      const list = scalars(f.values);
      const [op, operand] = list.length > SET_FROM ? [IN_SET, new Set(list)] : [IN_LIST, list];
      return new CompiledCondition(op, attribute(), operand, negate, 0);
    }
    case 'hashed-list':
      return new CompiledCondition(IN_HASHED, attribute(), hashedList(f as never), negate, 0);
    case 'string-list': {
      const ci = f.caseInsensitive === true;
      return new CompiledCondition(
        STRING_OPCODE[c.op]!,
        attribute(),
        strings(f.values, ci),
        negate,
        ci ? 1 : 0,
      );
    }
    case 'number': {
      const ok = typeof f.value === 'number' && Number.isFinite(f.value);
      return new CompiledCondition(
        NUMBER,
        attribute(),
        ok ? f.value : malformed(EXPLAIN && 'value must be a number'),
        negate,
        order,
      );
    }
    case 'date': {
      const at =
        parseDate(f.value) ?? malformed(EXPLAIN && 'value must be a date (ms since epoch or ISO 8601)');
      return new CompiledCondition(DATE, attribute(), at, negate, order);
    }
    case 'semver': {
      const v =
        parseSemver(requireString(f.value, EXPLAIN && 'value')) ??
        malformed(EXPLAIN && 'value must be a SemVer version');
      return new CompiledCondition(SEMVER, attribute(), v, negate, order);
    }
    case 'pattern': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(
          requireString(f.value, EXPLAIN && 'value'),
          f.caseInsensitive === true ? 'i' : '',
        );
      } catch {
        return malformed(EXPLAIN && 'value must be a valid regular expression');
      }
      return new CompiledCondition(MATCHES, attribute(), pattern, negate, 0);
    }
    default: {
      const missed: never = kind;
      return malformed(EXPLAIN && `unhandled operand kind ${String(missed)}`);
    }
  }
}

/** Whether the condition is a prerequisite on another flag. */
export function isPrerequisite(c: CompiledCondition): boolean {
  return c.op === FLAG;
}

function ordered(mode: number, d: number | undefined): boolean {
  return d !== undefined && (mode & (d < 0 ? LESS : d > 0 ? GREATER : EQUAL)) !== 0;
}

function stringHolds(op: Opcode, a: string, values: string[]): boolean {
  for (const v of values) {
    if (op === CONTAINS ? a.includes(v) : op === STARTS_WITH ? a.startsWith(v) : a.endsWith(v)) return true;
  }
  return false;
}

/** Whether a (non-negated) attribute condition holds for one scalar value. */
function scalarHolds(c: CompiledCondition, a: Scalar): boolean {
  switch (c.op) {
    case EQ:
      return a === c.operand;
    case IN_LIST:
      return (c.operand as Scalar[]).includes(a);
    case IN_SET:
      return (c.operand as Set<Scalar>).has(a);
    case CONTAINS:
    case STARTS_WITH:
    case ENDS_WITH:
      return typeof a === 'string' && stringHolds(c.op, c.mode ? a.toLowerCase() : a, c.operand as string[]);
    case NUMBER:
      return typeof a === 'number' && ordered(c.mode, a - (c.operand as number));
    case DATE: {
      const t = parseDate(a);
      return t !== undefined && ordered(c.mode, t - (c.operand as number));
    }
    case SEMVER: {
      const v = typeof a === 'string' ? parseSemver(a) : undefined;
      return v !== undefined && ordered(c.mode, compareSemver(v, c.operand as SemVer));
    }
    case IN_HASHED: {
      const list = c.operand as HashedList;
      if (list.values.includes(a)) return true;
      if (typeof a === 'boolean' || list.hashes.size === 0) return false;
      const hash = listValueHash(list.salt, a);
      return hash !== undefined && list.hashes.has(hash);
    }
    default:
      return typeof a === 'string' && a.length <= MAX_REGEX_INPUT && (c.operand as RegExp).test(a);
  }
}

function anyFlagVariant(c: CompiledCondition, ctx: Context, scope: ConditionScope): boolean {
  const served = scope.prerequisiteVariant(c.attribute, ctx);
  return served !== undefined && (c.operand as string[]).includes(served);
}

function anySegment(c: CompiledCondition, ctx: Context, scope: ConditionScope): boolean {
  for (const key of c.operand as string[]) if (scope.inSegment(key, ctx)) return true;
  return false;
}

/** Whether a condition holds. A missing attribute makes an attribute condition false, even negated. */
export function conditionHolds(c: CompiledCondition, ctx: Context, scope: ConditionScope): boolean {
  switch (c.op) {
    case PRESENT:
      return (readAttribute(ctx, c.attribute) !== undefined) !== c.negate;
    case SEGMENT:
      return anySegment(c, ctx, scope) !== c.negate;
    case FLAG:
      return anyFlagVariant(c, ctx, scope) !== c.negate;
  }
  const v = readAttribute(ctx, c.attribute);
  if (v === undefined) return false;
  if (!Array.isArray(v)) return scalarHolds(c, v) !== c.negate;
  for (const x of v) if (scalarHolds(c, x)) return !c.negate;
  return c.negate;
}
