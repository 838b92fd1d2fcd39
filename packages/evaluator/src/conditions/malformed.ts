/** Thrown while compiling a flag that cannot be evaluated; the flag then evaluates to MALFORMED_FLAG. */
export class MalformedFlagError extends Error {
  override readonly name = 'MalformedFlagError';
}

export function malformed(message: string): never {
  throw new MalformedFlagError(message);
}

export function requireString(value: unknown, what: string): string {
  return typeof value === 'string' ? value : malformed(`${what} must be a string`);
}

export function requireArray(value: unknown, what: string): unknown[] {
  return Array.isArray(value) ? value : malformed(`${what} must be a list`);
}
