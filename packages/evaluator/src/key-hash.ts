import { murmur3 } from '#murmur3';
import type { Scalar } from './model.ts';

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * 64 bits from two MurmurHash3 draws (seeds 0 and 1) over `input`, as 16 lower-case hex digits:
 * how client snapshots list keys without showing them. It hides keys that cannot be guessed; a
 * guessable key (a small number, a known email) can be confirmed by hashing candidates, as with
 * any unkeyed hash: the SDK must be able to hash its own user's key, so the input cannot be secret.
 */
export function keyHash(input: string): string {
  return hex8(murmur3(input, 0)) + hex8(murmur3(input, 1));
}

/** A segment's listed member as client keys receive it: `keyHash(<segment key>:<context key>)`. */
export function segmentKeyHash(segmentKey: string, contextKey: string): string {
  return keyHash(`${segmentKey}:${contextKey}`);
}

/** A lone surrogate: UTF-8 would encode it as U+FFFD, so two different strings would hash alike. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * How a value of an `in_hashed` list is hashed, or undefined for values that stay in clear. Only
 * strings without lone surrogates and safe integers are hashed: for them equal hashes mean equal
 * values of the same JSON type (up to a 64-bit collision), which keeps `in_hashed` exactly `in`.
 * The type is part of the input (`s:` / `n:`), so `"42"` and `42` differ as they do in clear.
 */
export function listValueHash(salt: string, value: Scalar): string | undefined {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? undefined : keyHash(`${salt}:s:${value}`);
  }
  return Number.isSafeInteger(value) ? keyHash(`${salt}:n:${value}`) : undefined;
}
