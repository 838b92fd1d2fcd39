import { type Context, readAttribute } from '../context.ts';
import type { Condition, Scalar } from '../model.ts';
import { parseDate } from './dates.ts';
import { malformed, requireArray, requireString } from './malformed.ts';
import { compareSemver, parseSemver } from './semver.ts';

export type Matcher = (ctx: Context) => boolean;

/** What segment and prerequisite conditions need from the snapshot they are compiled into. */
export interface ConditionScope {
  inSegment(segmentKey: string, ctx: Context): boolean;
  /** The variant a flag serves this context, or undefined if it is unknown or malformed. */
  prerequisiteVariant(flagKey: string, ctx: Context): string | undefined;
}

/** Longest string a `matches` condition will run its pattern over. */
export const MAX_REGEX_INPUT = 4096;

type Test = (value: Scalar) => boolean;

/** Applies `test` to an attribute: false when missing (even negated), any element of an array. */
function onAttribute(attribute: string, test: Test, negate: boolean): Matcher {
  return (ctx) => {
    const v = readAttribute(ctx, attribute);
    if (v === undefined) return false;
    const held = Array.isArray(v) ? v.some(test) : test(v);
    return held !== negate;
  };
}

function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function scalars(values: unknown): Scalar[] {
  const list = requireArray(values, 'values');
  return list.every(isScalar) ? list : malformed('values must be strings, numbers or booleans');
}

function strings(values: unknown, lower: boolean): string[] {
  return requireArray(values, 'values').map((v) => {
    const s = requireString(v, 'each value');
    return lower ? s.toLowerCase() : s;
  });
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : malformed('value must be a number');
}

function stringTest(c: Extract<Condition, { op: 'contains' | 'starts_with' | 'ends_with' }>): Test {
  const lower = c.caseInsensitive === true;
  const values = strings(c.values, lower);
  const has =
    c.op === 'contains'
      ? (s: string, v: string) => s.includes(v)
      : c.op === 'starts_with'
        ? (s: string, v: string) => s.startsWith(v)
        : (s: string, v: string) => s.endsWith(v);
  return (a) => {
    if (typeof a !== 'string') return false;
    const s = lower ? a.toLowerCase() : a;
    for (const v of values) if (has(s, v)) return true;
    return false;
  };
}

/** Which outcomes of a comparison (less, equal, greater) satisfy each ordering operator. */
const ORDER: Record<string, number> = { lt: 1, lte: 3, gt: 4, gte: 6, before: 1, after: 4 };
const LESS = 1;
const EQUAL = 2;
const GREATER = 4;

function ordered(op: string, compare: (a: Scalar) => number | undefined): Test {
  const wanted = ORDER[op] ?? ORDER[op.slice(7)] ?? EQUAL; // semver_lt → lt; semver_eq → equal
  return (a) => {
    const d = compare(a);
    return d !== undefined && (wanted & (d < 0 ? LESS : d > 0 ? GREATER : EQUAL)) !== 0;
  };
}

function numberTest(op: string, value: unknown): Test {
  const target = finite(value);
  return ordered(op, (a) => (typeof a === 'number' ? a - target : undefined));
}

function dateTest(op: string, value: unknown): Test {
  const at = parseDate(value) ?? malformed('value must be a date (ms since epoch or ISO 8601)');
  return ordered(op, (a) => {
    const t = parseDate(a);
    return t === undefined ? undefined : t - at;
  });
}

function semverTest(op: string, value: unknown): Test {
  const target = parseSemver(requireString(value, 'value')) ?? malformed('value must be a SemVer version');
  return ordered(op, (a) => {
    const v = typeof a === 'string' ? parseSemver(a) : undefined;
    return v === undefined ? undefined : compareSemver(v, target);
  });
}

function regexTest(pattern: unknown, caseInsensitive: boolean | undefined): Test {
  let re: RegExp;
  try {
    re = new RegExp(requireString(pattern, 'value'), caseInsensitive ? 'i' : '');
  } catch {
    return malformed('value must be a valid regular expression');
  }
  return (a) => typeof a === 'string' && a.length <= MAX_REGEX_INPUT && re.test(a);
}

function attributeTest(c: Condition): Test {
  switch (c.op) {
    case 'eq': {
      const value = isScalar(c.value) ? c.value : malformed('value must be a string, number or boolean');
      return (a) => a === value;
    }
    case 'in':
    case 'not_in': {
      // not_in is in, inverted, for present attributes (see compileCondition)
      const set = new Set(scalars(c.values));
      return (a) => set.has(a);
    }
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return stringTest(c);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return numberTest(c.op, c.value);
    case 'before':
    case 'after':
      return dateTest(c.op, c.value);
    case 'semver_eq':
    case 'semver_lt':
    case 'semver_lte':
    case 'semver_gt':
    case 'semver_gte':
      return semverTest(c.op, c.value);
    case 'matches':
      return regexTest(c.value, c.caseInsensitive);
    default:
      return malformed(`unknown operator ${JSON.stringify((c as { op: unknown }).op)}`);
  }
}

/** Compiles one condition. Throws MalformedFlagError for a condition that cannot be evaluated. */
export function compileCondition(c: Condition, scope: ConditionScope): Matcher {
  if (typeof c !== 'object' || c === null) return malformed('a condition must be an object');
  const negate = c.negate === true;
  switch (c.op) {
    case 'present':
    case 'absent': {
      const attribute = requireString(c.attribute, 'attribute');
      const wantPresent = (c.op === 'present') !== negate;
      return (ctx) => (readAttribute(ctx, attribute) !== undefined) === wantPresent;
    }
    case 'segment': {
      const keys = strings(c.segments, false);
      return (ctx) => keys.some((key) => scope.inSegment(key, ctx)) !== negate;
    }
    case 'flag': {
      const flag = requireString(c.flag, 'flag');
      const variants = strings(c.variants, false);
      return (ctx) => {
        const served = scope.prerequisiteVariant(flag, ctx);
        return (served !== undefined && variants.includes(served)) !== negate;
      };
    }
    default:
      // An array is not_in the values when none of its elements is in them.
      return onAttribute(requireString(c.attribute, 'attribute'), attributeTest(c), negate !== (c.op === 'not_in'));
  }
}
