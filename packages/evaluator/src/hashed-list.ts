import { listValueHash } from './key-hash.ts';
import type { HashedListCondition, Scalar, SnapshotCondition } from './model.ts';

function listedValues(c: SnapshotCondition): unknown {
  if (c.op === 'in' || c.op === 'not_in') return c.values;
  return c.op === 'eq' ? [c.value] : undefined;
}

/**
 * The form client keys receive a condition in: `in`, `not_in` and `eq` with their strings and safe
 * integers hashed under `salt` (`in_hashed` / `not_in_hashed`); anything else as it is. The result
 * evaluates exactly as the original for every context (up to a 64-bit hash collision), a malformed
 * condition included: it stays malformed. Values that cannot be hashed faithfully stay in clear.
 */
export function hashListCondition(c: SnapshotCondition, salt: string): SnapshotCondition {
  const values = typeof c === 'object' && c !== null ? listedValues(c) : undefined;
  if (!Array.isArray(values)) return c;
  const hashes = new Set<string>();
  const clear: Scalar[] = [];
  for (const value of values as Scalar[]) {
    const hash = listValueHash(salt, value);
    if (hash === undefined) clear.push(value);
    else hashes.add(hash);
  }
  if (hashes.size === 0) return c;
  const { attribute, negate } = c as { attribute: string; negate?: boolean };
  const hashed: HashedListCondition = {
    op: c.op === 'not_in' ? 'not_in_hashed' : 'in_hashed',
    attribute,
    salt,
    // Sorted: the order of the hashes says nothing about the order of the list.
    hashes: [...hashes].sort(),
  };
  if (clear.length > 0) hashed.values = clear;
  if (negate !== undefined) hashed.negate = negate;
  return hashed;
}
