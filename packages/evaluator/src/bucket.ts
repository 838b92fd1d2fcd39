import { type HashState, hashFrom, murmur3, stateAfter } from './hash/murmur3.ts';

/** 100,000 buckets: 0.001% each. */
export const BUCKETS = 100_000;
/** 42,949 × 100,000: hashes at or above this are re-drawn, so every bucket is equally likely. */
const REDRAW_LIMIT = 4_294_900_000;

export type DrawName = 'gate' | 'split';

/** One flag's draw, with its `salt:draw:` prefix hashed ahead of time. */
export interface Draw {
  readonly prefix: string;
  readonly state: HashState;
}

export function createDraw(salt: string, draw: DrawName): Draw {
  const prefix = `${salt}:${draw}:`;
  return { prefix, state: stateAfter(prefix) };
}

function redraw(input: string, h: number): number {
  let next = h;
  while (next >= REDRAW_LIMIT) next = murmur3(input, next);
  return next;
}

/** The unit's bucket (0..99,999) in this draw: see docs/bucketing-contract.md, section 2. */
export function drawBucket(draw: Draw, value: string): number {
  const h = hashFrom(draw.state, value);
  return (h < REDRAW_LIMIT ? h : redraw(draw.prefix + value, h)) % BUCKETS;
}

/** The bucket of a whole draw input (`salt:draw:value`), as the golden hash vectors pin it. */
export function inputBucket(input: string): number {
  const h = murmur3(input);
  return (h < REDRAW_LIMIT ? h : redraw(input, h)) % BUCKETS;
}

/** The bucket of `value` for a flag's salt and draw. */
export function bucketOf(salt: string, draw: DrawName, value: string): number {
  return drawBucket(createDraw(salt, draw), value);
}

/** A percentage (0..100, three decimals) as a bucket threshold. */
export function percentageToUnits(percentage: number): number {
  return Math.round(percentage * 1000);
}
