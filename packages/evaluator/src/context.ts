import type { Scalar } from './model.ts';

/** Contexts are plain records; attribute names are arbitrary strings. */
export type Context = Readonly<Record<string, unknown>>;

const MISSING = undefined;

/** A string, a boolean or a finite number: what a condition compares. */
export function isScalar(v: unknown): v is Scalar {
  const t = typeof v;
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v));
}

/**
 * A usable attribute value: a scalar, or a non-empty array of nothing but scalars.
 * Functions and objects, which is all that `constructor`, `toString` or `__proto__` can yield
 * from a plain object, count as missing.
 */
export function readAttribute(ctx: Context, name: string): Scalar | Scalar[] | undefined {
  const v = ctx[name];
  if (isScalar(v)) return v;
  return Array.isArray(v) && v.length > 0 && v.every(isScalar) ? v : MISSING;
}

/** Strings as they are; safe integers in decimal; anything else has no stickiness value. */
function asStickiness(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return MISSING;
}

/** The context key: `key` when it is there (not undefined or null), else `userId`. */
export function contextKey(ctx: Context): string | undefined {
  const key = ctx.key;
  return asStickiness(key === undefined || key === null ? ctx.userId : key);
}

/** The value hashed for a serve: the named attribute, or the context key by default. */
export function stickinessValue(ctx: Context, attribute: string | undefined): string | undefined {
  return attribute === undefined ? contextKey(ctx) : asStickiness(ctx[attribute]);
}
