import fc from 'fast-check';
import murmurhash from 'murmurhash';
import { describe, expect, it } from 'vitest';
import { bucketOf, murmur3, murmur3Bytes, utf8 } from '../src/index.ts';

const encoder = new TextEncoder();

describe('murmur3', () => {
  it('matches the published MurmurHash3_x86_32 values', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('', 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3('hello')).toBe(0x248bfa47);
    expect(murmur3('Hello, world!')).toBe(0xc0363e43);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
  });

  it('hashes UTF-8 bytes, exactly as the WHATWG encoder encodes them (lone surrogates too)', () => {
    const anyString = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string());
    fc.assert(
      fc.property(anyString, fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        const bytes = encoder.encode(s);
        expect(Array.from(utf8(s))).toEqual(Array.from(bytes));
        expect(murmur3(s, seed)).toBe(murmur3Bytes(bytes, seed));
        expect(murmur3Bytes(bytes, seed)).toBe(murmurhash.v3(bytes, seed));
      }),
      { numRuns: 5000, seed: 42 },
    );
  });

  it('differs from hashing UTF-16 code units for non-ASCII keys', () => {
    expect(murmur3('josé')).toBe(murmurhash.v3(encoder.encode('josé')));
    expect(murmur3('josé')).not.toBe(murmurhash.v3(Uint8Array.from('josé', (c) => c.charCodeAt(0) & 0xff)));
  });

  it('continues from a hashed prefix as if the whole string were hashed', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.string({ unit: 'binary' }),
        (salt, value) => {
          const whole = murmur3(`${salt}:gate:${value}`);
          const bucket = bucketOf(salt, 'gate', value);
          // Outside the re-draw range (p ≈ 1.6e-5) the bucket is the hash mod 100,000.
          if (whole < 4_294_900_000) expect(bucket).toBe(whole % 100_000);
        },
      ),
      { numRuns: 5000, seed: 7 },
    );
  });
});

describe('the browser build of murmur3 (TextEncoder)', async () => {
  const browser = await import('../src/hash/murmur3-browser.ts');
  const { loadHashVectors } = await import('../vectors/golden.ts');
  const { stateAfter, hashFrom } = await import('../src/hash/murmur3.ts');

  it('gives every golden input the same bytes and hash as the Node build', () => {
    const wrong = loadHashVectors().filter(
      (c) =>
        Buffer.from(browser.utf8(c.input)).toString('hex') !== c.utf8 ||
        browser.murmur3(c.input, c.seed) !== c.murmur3,
    );
    expect(wrong.map((c) => c.input)).toEqual([]);
  });

  it('continues from a prefix state, lone surrogates included, as the Node build does', () => {
    for (const [prefix, rest] of [
      ['salt:gate:', 'user-1'],
      ['a', '\ud800b'],
      ['abc', '😀\udc00'],
      ['', ''],
    ] as const) {
      expect(browser.stateAfter(prefix, 7)).toEqual(stateAfter(prefix, 7));
      expect(browser.hashFrom(browser.stateAfter(prefix), rest)).toBe(hashFrom(stateAfter(prefix), rest));
    }
    expect(browser.murmur3Bytes(new Uint8Array([1, 2, 3, 4, 5]), 9)).toBe(
      murmur3Bytes(new Uint8Array([1, 2, 3, 4, 5]), 9),
    );
  });
});
