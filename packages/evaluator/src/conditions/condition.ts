import { type Context, readAttribute } from '../context.ts';
import { listValueHash } from '../key-hash.ts';
import type { Scalar, SnapshotCondition } from '../model.ts';
import { parseDate } from './dates.ts';
import { malformed, requireArray, requireString } from './malformed.ts';
import { compareSemver, parseSemver, type SemVer } from './semver.ts';

/**
 * A compiled condition is data, not a closure: one small object per distinct condition (shared
 * across flags by the interner), read by `conditionHolds` with a switch on its opcode.
 */
export class CompiledCondition {
  constructor(
    readonly op: Opcode,
    readonly attribute: string,
    readonly operand: unknown,
    /** Whether the result is inverted (for present attributes only, except present/segment/flag). */
    readonly negate: boolean,
    /** Ordering ops: which comparison outcomes hold (LESS | EQUAL | GREATER). String ops: case-insensitive. */
    readonly mode: number,
  ) {}
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
const ORDER: Record<string, number> = {
  lt: LESS,
  lte: LESS | EQUAL,
  gt: GREATER,
  gte: GREATER | EQUAL,
  eq: EQUAL,
};

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** An `in_hashed` list: values in clear, and hashes of the others under the condition's salt. */
interface HashedList {
  readonly salt: string;
  readonly hashes: ReadonlySet<string>;
  readonly values: readonly Scalar[];
}

function scalars(values: unknown): Scalar[] {
  const list = requireArray(values, 'values');
  return list.every(isScalar) ? list : malformed('values must be strings, numbers or booleans');
}

function hashedList(c: { salt: unknown; hashes: unknown; values?: unknown }): HashedList {
  return {
    salt: requireString(c.salt, 'salt'),
    hashes: new Set(requireArray(c.hashes, 'hashes').map((h) => requireString(h, 'each hash'))),
    values: c.values === undefined ? [] : scalars(c.values),
  };
}

function strings(values: unknown, lower: boolean): string[] {
  return requireArray(values, 'values').map((v) => {
    const s = requireString(v, 'each value');
    return lower ? s.toLowerCase() : s;
  });
}

function attributeOperand(c: SnapshotCondition): [Opcode, unknown, number] {
  switch (c.op) {
    case 'eq':
      return [EQ, isScalar(c.value) ? c.value : malformed('value must be a string, number or boolean'), 0];
    case 'in':
    case 'not_in': {
      const list = scalars(c.values);
      return list.length > SET_FROM ? [IN_SET, new Set(list), 0] : [IN_LIST, list, 0];
    }
    case 'in_hashed':
    case 'not_in_hashed':
      return [IN_HASHED, hashedList(c), 0];
    case 'contains':
    case 'starts_with':
    case 'ends_with': {
      const ci = c.caseInsensitive === true;
      const op = c.op === 'contains' ? CONTAINS : c.op === 'starts_with' ? STARTS_WITH : ENDS_WITH;
      return [op, strings(c.values, ci), ci ? 1 : 0];
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const ok = typeof c.value === 'number' && Number.isFinite(c.value);
      return [NUMBER, ok ? c.value : malformed('value must be a number'), ORDER[c.op]!];
    }
    case 'before':
    case 'after': {
      const at = parseDate(c.value) ?? malformed('value must be a date (ms since epoch or ISO 8601)');
      return [DATE, at, c.op === 'before' ? LESS : GREATER];
    }
    case 'semver_eq':
    case 'semver_lt':
    case 'semver_lte':
    case 'semver_gt':
    case 'semver_gte': {
      const v = parseSemver(requireString(c.value, 'value')) ?? malformed('value must be a SemVer version');
      return [SEMVER, v, ORDER[c.op.slice(7)]!];
    }
    case 'matches':
      try {
        return [MATCHES, new RegExp(requireString(c.value, 'value'), c.caseInsensitive ? 'i' : ''), 0];
      } catch {
        return malformed('value must be a valid regular expression');
      }
    default:
      return malformed(`unknown operator ${JSON.stringify((c as { op: unknown }).op)}`);
  }
}

/** Compiles one condition. Throws MalformedFlagError for a condition that cannot be evaluated. */
export function compileCondition(c: SnapshotCondition, allowNesting: boolean): CompiledCondition {
  if (typeof c !== 'object' || c === null) return malformed('a condition must be an object');
  const negate = c.negate === true;
  if ((c.op === 'segment' || c.op === 'flag') && !allowNesting)
    malformed(`segments cannot use ${c.op} conditions`);
  switch (c.op) {
    case 'present':
    case 'absent':
      return new CompiledCondition(
        PRESENT,
        requireString(c.attribute, 'attribute'),
        null,
        (c.op === 'absent') !== negate,
        0,
      );
    case 'segment':
      return new CompiledCondition(SEGMENT, '', strings(c.segments, false), negate, 0);
    case 'flag':
      return new CompiledCondition(
        FLAG,
        requireString(c.flag, 'flag'),
        strings(c.variants, false),
        negate,
        0,
      );
    default: {
      const [op, operand, mode] = attributeOperand(c);
      // not_in is in, inverted: so an array is not_in the values when none of its elements is in them.
      return new CompiledCondition(
        op,
        requireString(c.attribute, 'attribute'),
        operand,
        negate !== (c.op === 'not_in' || c.op === 'not_in_hashed'),
        mode,
      );
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
