import { finish, type HashState, mixBlock } from './murmur3-mix.ts';

/**
 * MurmurHash3 x86_32 as the browser build has it: the same hash as murmur3.ts (same exports, same
 * golden vectors) over the platform's WHATWG UTF-8 encoder, which also writes lone surrogates as
 * U+FFFD. A third of the bytes of the allocation-free Node version, at the price of an encoded copy
 * of each input: a browser evaluates one user, not thousands of requests a second.
 */

export type { HashState };

const encoder = new TextEncoder();

/** The UTF-8 bytes of `s` (lone surrogates as U+FFFD). */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

function feed(state: HashState, bytes: Uint8Array): HashState {
  let { h, k, n } = state;
  for (const b of bytes) {
    k |= b << (n << 3);
    if (++n === 4) {
      h = mixBlock(h, k);
      k = n = 0;
    }
  }
  return { h, k, n, len: state.len + bytes.length };
}

/** The state after hashing the UTF-8 bytes of `prefix` with `seed`. */
export function stateAfter(prefix: string, seed = 0): HashState {
  return feed({ h: seed | 0, k: 0, n: 0, len: 0 }, utf8(prefix));
}

/** MurmurHash3 x86_32 of raw bytes. */
export function murmur3Bytes(bytes: Uint8Array, seed = 0): number {
  const { h, k, n, len } = feed({ h: seed | 0, k: 0, n: 0, len: 0 }, bytes);
  return finish(h, k, n, len);
}

/** Continues hashing `s` from `state` and returns the final 32-bit hash (unsigned). */
export function hashFrom(state: HashState, s: string): number {
  const { h, k, n, len } = feed(state, utf8(s));
  return finish(h, k, n, len);
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `s`, as an unsigned 32-bit integer. */
export function murmur3(s: string, seed = 0): number {
  return hashFrom({ h: seed | 0, k: 0, n: 0, len: 0 }, s);
}
