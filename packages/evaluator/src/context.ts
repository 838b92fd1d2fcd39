import type { Scalar } from './model.ts';

/** Contexts are plain records; attribute names are arbitrary strings. */
export type Context = Readonly<Record<string, unknown>>;

const MISSING = undefined;

function isScalar(v: unknown): v is Scalar {
  const t = typeof v;
  return t === 'string' || t === 'boolean' || (t === 'number' && Number.isFinite(v));
}

/**
 * A usable attribute value: a scalar, or a non-empty array of scalars (other elements dropped).
 * Functions and objects, which is all that `constructor`, `toString` or `__proto__` can yield
 * from a plain object, count as missing.
 */
export function readAttribute(ctx: Context, name: string): Scalar | Scalar[] | undefined {
  const v = ctx[name];
  if (isScalar(v)) return v;
  if (!Array.isArray(v)) return MISSING;
  const usable = v.filter(isScalar);
  return usable.length > 0 ? usable : MISSING;
}

/** Strings as they are; safe integers in decimal; anything else has no stickiness value. */
function asStickiness(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return MISSING;
}

/** The context key: `key`, else `userId`. */
export function contextKey(ctx: Context): string | undefined {
  const key = asStickiness(ctx.key);
  return key !== MISSING ? key : asStickiness(ctx.userId);
}

/** The value hashed for a serve: the named attribute, or the context key by default. */
export function stickinessValue(ctx: Context, attribute: string | undefined): string | undefined {
  return attribute === undefined ? contextKey(ctx) : asStickiness(ctx[attribute]);
}
