import type { Path, PathIssues } from './path-issues.ts';

// Readers of one YAML value each: a problem becomes an issue at the value's place, never a throw.

/** A flag, segment or environment key, as the server accepts it. */
export const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** `10`, `10%`, `0.5`, `"12.5%"`: a percentage from 0 to 100 with at most three decimals. */
export function readPercent(value: unknown, path: Path, issues: PathIssues): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' ? Number(value.trim().replace(/%$/, '')) : value;
  if (
    typeof number !== 'number' ||
    !Number.isFinite(number) ||
    number < 0 ||
    number > 100 ||
    Math.round(number * 1000) !== number * 1000
  ) {
    issues.add(path, 'must be a percentage from 0 to 100 with at most three decimals (10, 12.5 or "12.5%")');
    return undefined;
  }
  return number;
}

export function readExpiry(value: unknown, path: Path, issues: PathIssues): string | null {
  if (value === undefined || value === null) return null;
  const text = value instanceof Date ? value.toISOString() : value;
  if (typeof text !== 'string' || Number.isNaN(Date.parse(text))) {
    issues.add(path, 'must be a date (2026-03-15) or an ISO date-time');
    return null;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : new Date(text).toISOString();
}

export function readTags(value: unknown, path: Path, issues: PathIssues): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) {
    issues.add(path, 'must be a list of strings');
    return [];
  }
  return value as string[];
}

export function optionalString(value: unknown, path: Path, issues: PathIssues): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.add(path, 'must be a string');
    return undefined;
  }
  return value;
}

export function optionalBoolean(value: unknown, path: Path, issues: PathIssues): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    issues.add(path, 'must be true or false');
    return undefined;
  }
  return value;
}

export function unknownFields(
  value: Record<string, unknown>,
  path: Path,
  known: string[],
  issues: PathIssues,
) {
  for (const field of Object.keys(value)) {
    if (!known.includes(field)) {
      issues.add([...path, field], `unknown field ${field} (known: ${known.join(', ')})`, 'key');
    }
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON equality with object keys in any order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    isRecord(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}
