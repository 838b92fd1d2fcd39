/**
 * Scenario (d)'s peers: MurmurHash3 x86 32-bit from npm, over the same 30-character keys. Each loop
 * is its own function so that no call site is shared between implementations.
 */
import murmurhash from 'murmurhash';
import murmurhash3js from 'murmurhash3js';
import type { HashImplementation } from '../implementation.ts';

export function createMurmurPeers(keys: readonly string[]): HashImplementation[] {
  // Encoded beforehand, outside any timing.
  const encoder = new TextEncoder();
  const bytes = keys.map((k) => encoder.encode(k));
  return [
    {
      name: 'murmurhash v3(string)',
      isPeer: true,
      hash: (i) => murmurhash.v3(keys[i]!),
      loop: () => (reps) => {
        let acc = 0;
        for (let r = 0; r < reps; r++)
          for (let i = 0; i < keys.length; i++) acc = (acc + murmurhash.v3(keys[i]!)) | 0;
        return acc;
      },
    },
    {
      name: 'murmurhash v3(Uint8Array)',
      isPeer: true,
      hash: (i) => murmurhash.v3(bytes[i]!),
      loop: () => (reps) => {
        let acc = 0;
        for (let r = 0; r < reps; r++)
          for (let i = 0; i < bytes.length; i++) acc = (acc + murmurhash.v3(bytes[i]!)) | 0;
        return acc;
      },
    },
    {
      // Hashes UTF-16 code units, so wrong for non-ASCII keys: here for speed only (these keys are ASCII).
      name: 'murmurhash3js x86.hash32',
      isPeer: true,
      hash: (i) => murmurhash3js.x86.hash32(keys[i]!),
      loop: () => (reps) => {
        let acc = 0;
        for (let r = 0; r < reps; r++)
          for (let i = 0; i < keys.length; i++) acc = (acc + murmurhash3js.x86.hash32(keys[i]!)) | 0;
        return acc;
      },
    },
  ];
}
