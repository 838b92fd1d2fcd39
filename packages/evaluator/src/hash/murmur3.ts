/**
 * MurmurHash3 x86_32 over the UTF-8 bytes of a string, read straight from its UTF-16 code units so
 * that no encoder or byte buffer is allocated per call (the `murmurhash` package's string path
 * builds a TextEncoder and re-encodes on every call: ~10x slower). Lone surrogates hash as U+FFFD,
 * exactly as the WHATWG encoder would encode them. The browser build swaps in murmur3-browser.ts
 * (the package's `#murmur3` import, `browser` condition): the same hash, smaller and slower.
 */

import { finish, type HashState, mixBlock } from './murmur3-mix.ts';

export type { HashState };

/** Packs the UTF-8 bytes of the non-ASCII code point starting at `s[i]` into `out` (bytes, count, units). */
function encodeWide(s: string, i: number, out: Int32Array): void {
  let c = s.charCodeAt(i);
  if (c < 0x800) {
    out[0] = 0xc0 | (c >> 6) | ((0x80 | (c & 63)) << 8);
    out[1] = 2;
    out[2] = 1;
    return;
  }
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      out[0] =
        0xf0 |
        (cp >> 18) |
        ((0x80 | ((cp >> 12) & 63)) << 8) |
        ((0x80 | ((cp >> 6) & 63)) << 16) |
        ((0x80 | (cp & 63)) << 24);
      out[1] = 4;
      out[2] = 2;
      return;
    }
  }
  if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
  out[0] = 0xe0 | (c >> 12) | ((0x80 | ((c >> 6) & 63)) << 8) | ((0x80 | (c & 63)) << 16);
  out[1] = 3;
  out[2] = 1;
}

const wide = new Int32Array(3);

/** Continues hashing `s` from `state` and returns the final 32-bit hash (unsigned). */
export function hashFrom(state: HashState, s: string): number {
  return hashFromParts(state.h, state.k, state.n, state.len, s);
}

/** `hashFrom` with the state spread into numbers, so that a fresh hash allocates nothing. */
function hashFromParts(h: number, k: number, n: number, len: number, s: string): number {
  const end = s.length;
  let i = 0;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (n === 0 && i + 3 < end) {
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      const c3 = s.charCodeAt(i + 3);
      if ((c | c1 | c2 | c3) < 0x80) {
        h = mixBlock(h, c | (c1 << 8) | (c2 << 16) | (c3 << 24));
        len += 4;
        i += 4;
        continue;
      }
    }
    if (c < 0x80) {
      k |= c << (n << 3);
      if (++n === 4) {
        h = mixBlock(h, k);
        k = 0;
        n = 0;
      }
      len++;
      i++;
      continue;
    }
    encodeWide(s, i, wide);
    const bytes = wide[0]!;
    const count = wide[1]!;
    for (let j = 0; j < count; j++) {
      k |= ((bytes >>> (j << 3)) & 0xff) << (n << 3);
      if (++n === 4) {
        h = mixBlock(h, k);
        k = 0;
        n = 0;
      }
    }
    len += count;
    i += wide[2]!;
  }
  return finish(h, k, n, len);
}

/** The UTF-8 bytes of `s` (lone surrogates as U+FFFD). For slow paths and tests only. */
export function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      out.push(c);
      i++;
      continue;
    }
    encodeWide(s, i, wide);
    for (let j = 0; j < wide[1]!; j++) out.push((wide[0]! >>> (j << 3)) & 0xff);
    i += wide[2]!;
  }
  return Uint8Array.from(out);
}

/** The state after hashing the UTF-8 bytes of `prefix` with `seed`. */
export function stateAfter(prefix: string, seed = 0): HashState {
  let h = seed | 0;
  let k = 0;
  let n = 0;
  const bytes = utf8(prefix);
  for (const b of bytes) {
    k |= b << (n << 3);
    if (++n === 4) {
      h = mixBlock(h, k);
      k = 0;
      n = 0;
    }
  }
  return { h, k, n, len: bytes.length };
}

/** MurmurHash3 x86_32 of the UTF-8 bytes of `s`, as an unsigned 32-bit integer. */
export function murmur3(s: string, seed = 0): number {
  return hashFromParts(seed | 0, 0, 0, 0, s);
}

/** MurmurHash3 x86_32 of raw bytes. */
export function murmur3Bytes(bytes: Uint8Array, seed = 0): number {
  let h = seed | 0;
  const blocks = bytes.length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixBlock(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  let k = 0;
  const n = bytes.length & 3;
  for (let j = 0; j < n; j++) k |= bytes[blocks + j]! << (j << 3);
  return finish(h, k, n, bytes.length);
}
