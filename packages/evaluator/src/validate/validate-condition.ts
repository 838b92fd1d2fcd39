import { parseDate } from '../conditions/dates.ts';
import { parseSemver } from '../conditions/semver.ts';
import type { Operator } from '../model.ts';
import { checkList, checkObject, checkString, type IssueList, type Path } from './issues.ts';
import { unsafePatternReason } from './safe-regex.ts';

export const LIMITS = {
  conditionsPerRule: 50,
  valuesPerCondition: 10_000,
  stringLength: 1024,
} as const;

const ATTRIBUTE = { max: 256 };
const OPERATORS: readonly Operator[] = [
  'eq',
  'in',
  'not_in',
  'in_hashed',
  'not_in_hashed',
  'contains',
  'starts_with',
  'ends_with',
  'lt',
  'lte',
  'gt',
  'gte',
  'before',
  'after',
  'semver_eq',
  'semver_lt',
  'semver_lte',
  'semver_gt',
  'semver_gte',
  'matches',
  'present',
  'absent',
  'segment',
  'flag',
];

/** The fields each operator takes besides `op` and `negate`. */
function fieldsOf(op: Operator): string[] {
  switch (op) {
    case 'present':
    case 'absent':
      return ['attribute'];
    case 'segment':
      return ['segments'];
    case 'flag':
      return ['flag', 'variants'];
    case 'in':
    case 'not_in':
      return ['attribute', 'values'];
    case 'in_hashed':
    case 'not_in_hashed':
      return ['attribute', 'salt', 'hashes', 'values'];
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return ['attribute', 'values', 'caseInsensitive'];
    case 'matches':
      return ['attribute', 'value', 'caseInsensitive'];
    default:
      return ['attribute', 'value'];
  }
}

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

const HASH = /^[0-9a-f]{16}$/;

/** Each value a string (up to the length limit), number or boolean. */
function checkScalars(values: unknown[], path: Path, issues: IssueList): void {
  values.forEach((v, i) => {
    if (!isScalar(v) || (typeof v === 'string' && v.length > LIMITS.stringLength)) {
      issues.add([...path, i], 'must be a string, number or boolean');
    }
  });
}

/** The client form of `in` / `not_in`: a salt, 16-hex-digit hashes, and optional values in clear. */
function checkHashedList(c: Record<string, unknown>, path: Path, issues: IssueList): void {
  checkString(c.salt, [...path, 'salt'], issues, { max: 256 });
  const max = LIMITS.valuesPerCondition;
  const hashes = [...path, 'hashes'];
  if (checkList(c.hashes, hashes, issues, { max })) {
    c.hashes.forEach((h, i) => {
      if (typeof h !== 'string' || !HASH.test(h))
        issues.add([...hashes, i], 'must be 16 lower-case hex digits');
    });
  }
  const values = c.values ?? [];
  if (checkList(values, [...path, 'values'], issues, { max }))
    checkScalars(values, [...path, 'values'], issues);
  if (Array.isArray(c.hashes) && Array.isArray(values) && c.hashes.length + values.length === 0) {
    issues.add(hashes, 'must have at least one item, or values some');
  }
}

function checkStrings(value: unknown, path: Path, issues: IssueList, min = 1): void {
  if (!checkList(value, path, issues, { min, max: LIMITS.valuesPerCondition })) return;
  value.forEach((v, i) => {
    checkString(v, [...path, i], issues, { min: 0, max: LIMITS.stringLength });
  });
}

function checkValue(op: Operator, c: Record<string, unknown>, path: Path, issues: IssueList): void {
  const at = [...path, 'value'];
  const v = c.value;
  switch (op) {
    case 'eq':
      if (!isScalar(v) || (typeof v === 'string' && v.length > LIMITS.stringLength)) {
        issues.add(at, 'must be a string, number or boolean');
      }
      return;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      if (typeof v !== 'number' || !Number.isFinite(v)) issues.add(at, 'must be a number');
      return;
    case 'before':
    case 'after':
      if (parseDate(v) === undefined)
        issues.add(at, 'must be a date: ms since epoch or ISO 8601 with offset');
      return;
    case 'matches': {
      const reason = typeof v === 'string' ? unsafePatternReason(v) : 'must be a string';
      if (reason) issues.add(at, `pattern ${reason}`);
      return;
    }
    default:
      if (typeof v !== 'string' || parseSemver(v) === undefined) issues.add(at, 'must be a SemVer version');
  }
}

/** What a condition refers to outside its flag, for the caller to resolve. */
export interface ConditionRefs {
  segments: { key: string; path: Path }[];
  prerequisites: { flag: string; variants: string[]; path: Path }[];
}

export function validateCondition(
  c: unknown,
  path: Path,
  issues: IssueList,
  refs: ConditionRefs,
  allowNesting: boolean,
): void {
  const op = (c as { op?: unknown } | null)?.op as Operator;
  if (!OPERATORS.includes(op)) {
    checkObject(c, path, issues, ['op'], ['op']);
    issues.add([...path, 'op'], `must be one of ${OPERATORS.join(', ')}`);
    return;
  }
  const fields = fieldsOf(op);
  const required = fields.filter(
    (f) => f !== 'caseInsensitive' && !(f === 'values' && op.endsWith('_hashed')),
  );
  if (!checkObject(c, path, issues, ['op', 'negate', ...fields], ['op', ...required])) return;
  if (c.negate !== undefined && typeof c.negate !== 'boolean')
    issues.add([...path, 'negate'], 'must be a boolean');
  if (c.caseInsensitive !== undefined && typeof c.caseInsensitive !== 'boolean') {
    issues.add([...path, 'caseInsensitive'], 'must be a boolean');
  }
  if (fields.includes('attribute')) checkString(c.attribute, [...path, 'attribute'], issues, ATTRIBUTE);
  if ((op === 'segment' || op === 'flag') && !allowNesting) {
    issues.add([...path, 'op'], `${op} conditions are not allowed in segments`);
    return;
  }
  if (op === 'segment') {
    checkStrings(c.segments, [...path, 'segments'], issues);
    if (Array.isArray(c.segments)) {
      c.segments.forEach((key, i) => {
        if (typeof key === 'string') refs.segments.push({ key, path: [...path, 'segments', i] });
      });
    }
  } else if (op === 'flag') {
    if (checkString(c.flag, [...path, 'flag'], issues)) {
      checkStrings(c.variants, [...path, 'variants'], issues);
      const variants = Array.isArray(c.variants) ? c.variants.filter((v) => typeof v === 'string') : [];
      refs.prerequisites.push({ flag: c.flag, variants, path });
    }
  } else if (op === 'in' || op === 'not_in') {
    const at = [...path, 'values'];
    if (checkList(c.values, at, issues, { min: 1, max: LIMITS.valuesPerCondition })) {
      checkScalars(c.values, at, issues);
    }
  } else if (op === 'in_hashed' || op === 'not_in_hashed') {
    checkHashedList(c, path, issues);
  } else if (op === 'contains' || op === 'starts_with' || op === 'ends_with') {
    checkStrings(c.values, [...path, 'values'], issues);
  } else if (op !== 'present' && op !== 'absent') {
    checkValue(op, c, path, issues);
  }
}
