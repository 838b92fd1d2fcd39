import { parseDate } from '../conditions/dates.ts';
import {
  MODEL_LIMITS,
  OPERATOR_NAMES,
  type OperandKind,
  operandFields,
  operatorSpec,
} from '../conditions/operators.ts';
import { parseSemver } from '../conditions/semver.ts';
import { checkList, checkObject, checkString, type IssueList, isRecord, type Path } from './issues.ts';
import { unsafePatternReason } from './safe-regex.ts';

export const LIMITS = {
  conditionsPerRule: MODEL_LIMITS.conditionsPerRule,
  valuesPerCondition: MODEL_LIMITS.valuesPerCondition,
  stringLength: MODEL_LIMITS.stringLength,
} as const;

const ATTRIBUTE = { max: MODEL_LIMITS.attributeLength };

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

function checkStrings(
  value: unknown,
  path: Path,
  issues: IssueList,
  min = 1,
  max: number = LIMITS.valuesPerCondition,
): void {
  if (!checkList(value, path, issues, { min, max })) return;
  value.forEach((v, i) => {
    checkString(v, [...path, i], issues, { min: 0, max: LIMITS.stringLength });
  });
}

/** A single `value`, by its operand kind. */
function checkValue(
  kind: 'scalar' | 'number' | 'date' | 'semver' | 'pattern',
  v: unknown,
  at: Path,
  issues: IssueList,
) {
  switch (kind) {
    case 'scalar':
      if (!isScalar(v) || (typeof v === 'string' && v.length > LIMITS.stringLength)) {
        issues.add(at, 'must be a string, number or boolean');
      }
      return;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) issues.add(at, 'must be a number');
      return;
    case 'date':
      if (parseDate(v) === undefined)
        issues.add(at, 'must be a date: ms since epoch or ISO 8601 with offset');
      return;
    case 'pattern': {
      const reason = typeof v === 'string' ? unsafePatternReason(v) : 'must be a string';
      if (reason) issues.add(at, `pattern ${reason}`);
      return;
    }
    case 'semver':
      if (typeof v !== 'string' || v.length > MODEL_LIMITS.semverLength || parseSemver(v) === undefined) {
        issues.add(at, 'must be a SemVer version');
      }
      return;
    default: {
      const missed: never = kind;
      issues.add(at, `unhandled operand kind ${String(missed)}`);
    }
  }
}

/** What a condition refers to outside its flag, for the caller to resolve. */
export interface ConditionRefs {
  segments: { key: string; path: Path }[];
  prerequisites: { flag: string; variants: string[]; path: Path }[];
}

/** The operand itself, by kind: every kind is handled, or this does not compile. */
function checkOperand(
  kind: OperandKind,
  c: Record<string, unknown>,
  path: Path,
  issues: IssueList,
  refs: ConditionRefs,
): void {
  switch (kind) {
    case 'presence':
      return;
    case 'segments':
      checkStrings(c.segments, [...path, 'segments'], issues, 1, MODEL_LIMITS.segmentsPerCondition);
      if (Array.isArray(c.segments)) {
        c.segments.forEach((key, i) => {
          if (typeof key === 'string') refs.segments.push({ key, path: [...path, 'segments', i] });
        });
      }
      return;
    case 'prerequisite':
      if (checkString(c.flag, [...path, 'flag'], issues)) {
        checkStrings(c.variants, [...path, 'variants'], issues, 1, MODEL_LIMITS.variantsPerFlag);
        const variants = Array.isArray(c.variants) ? c.variants.filter((v) => typeof v === 'string') : [];
        refs.prerequisites.push({ flag: c.flag, variants, path });
      }
      return;
    case 'scalar-list': {
      const at = [...path, 'values'];
      if (checkList(c.values, at, issues, { min: 1, max: LIMITS.valuesPerCondition })) {
        checkScalars(c.values, at, issues);
      }
      return;
    }
    case 'hashed-list':
      checkHashedList(c, path, issues);
      return;
    case 'string-list':
      checkStrings(c.values, [...path, 'values'], issues);
      return;
    case 'scalar':
    case 'number':
    case 'date':
    case 'semver':
    case 'pattern':
      checkValue(kind, c.value, [...path, 'value'], issues);
      return;
    default: {
      const missed: never = kind;
      issues.add(path, `unhandled operand kind ${String(missed)}`);
    }
  }
}

export function validateCondition(
  c: unknown,
  path: Path,
  issues: IssueList,
  refs: ConditionRefs,
  allowNesting: boolean,
): void {
  const op = (c as { op?: unknown } | null)?.op;
  const spec = operatorSpec(op);
  if (!spec) {
    issues.add([...path, 'op'], `must be one of ${OPERATOR_NAMES.join(', ')}`);
    if (!isRecord(c)) issues.add(path, 'must be an object');
    return;
  }
  const { required, optional } = operandFields(spec.operand);
  if (!checkObject(c, path, issues, ['op', 'negate', ...required, ...optional], ['op', ...required])) return;
  if (c.negate !== undefined && typeof c.negate !== 'boolean')
    issues.add([...path, 'negate'], 'must be a boolean');
  if (c.caseInsensitive !== undefined && typeof c.caseInsensitive !== 'boolean') {
    issues.add([...path, 'caseInsensitive'], 'must be a boolean');
  }
  if (required.includes('attribute')) checkString(c.attribute, [...path, 'attribute'], issues, ATTRIBUTE);
  if (spec.nests && !allowNesting) {
    issues.add([...path, 'op'], `${String(op)} conditions are not allowed in segments`);
    return;
  }
  checkOperand(spec.operand, c, path, issues, refs);
}
