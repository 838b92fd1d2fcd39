export type Path = readonly (string | number)[];

export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** Collects every problem with its path, so a caller can report them all at once. */
export class IssueList {
  readonly issues: ValidationIssue[] = [];

  add(path: Path, message: string): void {
    this.issues.push({ path: [...path], message });
  }

  result<T>(value: unknown): ValidationResult<T> {
    return this.issues.length === 0 ? { ok: true, value: value as T } : { ok: false, issues: this.issues };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that `value` is an object with only `allowed` keys and all of `required`. */
export function checkObject(
  value: unknown,
  path: Path,
  issues: IssueList,
  allowed: readonly string[],
  required: readonly string[],
): value is Record<string, unknown> {
  if (!isRecord(value)) {
    issues.add(path, 'must be an object');
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) issues.add([...path, key], 'is not a known field');
  }
  for (const key of required) {
    if (value[key] === undefined) issues.add([...path, key], 'is required');
  }
  return true;
}

export function checkString(
  value: unknown,
  path: Path,
  issues: IssueList,
  { min = 1, max = 256, pattern }: { min?: number; max?: number; pattern?: RegExp } = {},
): value is string {
  if (typeof value !== 'string') {
    issues.add(path, 'must be a string');
    return false;
  }
  if (value.length < min || value.length > max) {
    issues.add(path, min === max ? `must be ${min} characters` : `must be ${min} to ${max} characters`);
    return false;
  }
  if (pattern && !pattern.test(value)) {
    issues.add(path, `must match ${pattern.source}`);
    return false;
  }
  return true;
}

export function checkList(
  value: unknown,
  path: Path,
  issues: IssueList,
  { min = 0, max }: { min?: number; max: number },
): value is unknown[] {
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list');
    return false;
  }
  if (value.length < min || value.length > max) {
    issues.add(path, `must have ${min} to ${max} items`);
    return false;
  }
  return true;
}

/** A percentage from 0 to 100 with at most three decimals (0.001% resolution). */
export function checkPercentage(value: unknown, path: Path, issues: IssueList): value is number {
  const ok =
    typeof value === 'number' &&
    value >= 0 &&
    value <= 100 &&
    Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6;
  if (!ok) issues.add(path, 'must be a number from 0 to 100 with at most three decimals');
  return ok;
}
