import { type HashState, hashFrom, murmur3, stateAfter } from '#murmur3';

/** 100,000 buckets: 0.001% each. */
export const BUCKETS = 100_000;
/** 42,949 × 100,000: hashes at or above this are re-drawn, so every bucket is equally likely. */
const REDRAW_LIMIT = 4_294_900_000;

export type DrawName = 'gate' | 'split';

/** The hash state after a flag's `salt:draw:` prefix, computed once per flag and draw. */
export function drawState(salt: string, draw: DrawName): HashState {
  return stateAfter(`${salt}:${draw}:`);
}

function redraw(input: string, h: number): number {
  let next = h;
  while (next >= REDRAW_LIMIT) next = murmur3(input, next);
  return next;
}

/** The unit's bucket (0..99,999) in a draw: see docs/bucketing-contract.md, section 2. */
export function drawBucket(state: HashState, salt: string, draw: DrawName, value: string): number {
  const h = hashFrom(state, value);
  return (h < REDRAW_LIMIT ? h : redraw(`${salt}:${draw}:${value}`, h)) % BUCKETS;
}

/** The bucket of a whole draw input (`salt:draw:value`), as the golden hash vectors pin it. */
export function inputBucket(input: string): number {
  const h = murmur3(input);
  return (h < REDRAW_LIMIT ? h : redraw(input, h)) % BUCKETS;
}

/** The bucket of `value` for a flag's salt and draw. */
export function bucketOf(salt: string, draw: DrawName, value: string): number {
  return drawBucket(drawState(salt, draw), salt, draw, value);
}

/** A percentage (0..100, three decimals) as a bucket threshold. */
export function percentageToUnits(percentage: number): number {
  return Math.round(percentage * 1000);
}
