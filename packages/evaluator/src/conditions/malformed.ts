import { EXPLAIN } from '#explain';

/**
 * The message of a malformed flag, a prerequisite cycle or too deep a nesting where the evaluator
 * does not explain them (the browser build, ADR 0006).
 */
export const UNREADABLE = 'the flag cannot be read';

/** Thrown while compiling a flag that cannot be evaluated; the flag then evaluates to MALFORMED_FLAG. */
export class MalformedFlagError extends Error {
  override readonly name = 'MalformedFlagError';
}

/** Throws for a malformed flag: `message` is `EXPLAIN && '…'`, false where texts are left out. */
export function malformed(message: string | false): never {
  throw new MalformedFlagError(message || UNREADABLE);
}

/** `value` if it is a string; else malformed. `what` names it (`EXPLAIN && 'salt'`). */
export function requireString(value: unknown, what: string | false): string {
  return typeof value === 'string' ? value : malformed(EXPLAIN && `${what} must be a string`);
}

/** `value` if it is an array; else malformed. `what` names it (`EXPLAIN && 'rules'`). */
export function requireArray(value: unknown, what: string | false): unknown[] {
  return Array.isArray(value) ? value : malformed(EXPLAIN && `${what} must be a list`);
}
