/** MurmurHash3 x86_32's block mix and finaliser, shared by the Node (murmur3.ts) and browser builds. */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The hash's running state after some bytes: lets a fixed prefix be hashed once, ahead of time. */
export interface HashState {
  readonly h: number;
  /** Pending bytes of an incomplete 4-byte block, little-endian. */
  readonly k: number;
  /** How many pending bytes (0..3). */
  readonly n: number;
  /** Bytes consumed so far. */
  readonly len: number;
}

export function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function finish(h: number, k: number, n: number, len: number): number {
  if (n > 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
