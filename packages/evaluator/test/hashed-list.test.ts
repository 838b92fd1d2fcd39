import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Condition,
  compileSnapshot,
  evaluate,
  type FlagConfig,
  hashListCondition,
  listValueHash,
  type Scalar,
  type SnapshotCondition,
  segmentKeyHash,
} from '../src/index.ts';
import { validateFlag } from '../src/validate/index.ts';
import { booleanFlag } from './support/flags.ts';

/** Scalars where hashing could go wrong: near-equal strings, lone surrogates, -0, 2^53, types. */
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.constantFrom('alice', 'Alice', '', '42', '\ud800', '\ufffd', 'a\udc00', 'a\ufffd', '🦊', '\ud83e'),
  fc.string({ maxLength: 4, unit: 'binary' }),
  fc.constantFrom(0, -0, 42, -7, 1.5, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e21),
  fc.integer({ min: -50, max: 50 }),
  fc.boolean(),
);
const attribute = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.constant(null),
  fc.constant(undefined),
);
const listCondition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record(
    {
      op: fc.constantFrom('in' as const, 'not_in' as const),
      attribute: fc.constant('a'),
      values: fc.array(scalar),
    },
    { requiredKeys: ['op', 'attribute', 'values'] },
  ),
  fc.record({ op: fc.constant('eq' as const), attribute: fc.constant('a'), value: scalar }),
);
const negated = (c: Condition, negate: boolean | undefined): Condition =>
  negate === undefined ? c : { ...c, negate };

function served(condition: SnapshotCondition, value: unknown): unknown {
  const flag = booleanFlag({
    key: 'f',
    rules: [{ id: 'r', conditions: [condition as Condition], serve: { variant: 'on' } }],
    fallthrough: { variant: 'off' },
  }) as FlagConfig<SnapshotCondition>;
  const snapshot = compileSnapshot({
    schemaVersion: 1,
    environment: 't',
    revision: 1,
    flags: [flag],
    segments: [],
  });
  return evaluate(snapshot, 'f', value === undefined ? { key: 'u' } : { key: 'u', a: value }, false);
}

describe('in_hashed', () => {
  it('evaluates exactly as the clear condition, for any list and any attribute value', () => {
    fc.assert(
      fc.property(
        listCondition,
        fc.option(fc.boolean(), { nil: undefined }),
        attribute,
        (c, negate, value) => {
          const clear = negated(c, negate);
          expect(served(hashListCondition(clear, 'flag/s/0/0'), value)).toEqual(served(clear, value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('shows no listed string or integer in clear, and validates', () => {
    fc.assert(
      fc.property(listCondition, (c) => {
        const hashed = hashListCondition(c, 'flag/s/0/0');
        const listed = c.op === 'eq' ? [c.value] : (c as { values: Scalar[] }).values;
        const hidden = listed.filter((v) => listValueHash('x', v) !== undefined);
        if (hidden.length === 0) {
          expect(hashed).toBe(c);
          return;
        }
        const kept = (hashed as { values?: Scalar[] }).values ?? [];
        for (const v of hidden) expect(kept).not.toContain(v);
        const flag = booleanFlag({
          key: 'f',
          rules: [{ id: 'r', conditions: [hashed as Condition], serve: {} }],
        });
        flag.rules[0]!.serve = { variant: 'on' };
        expect(validateFlag(flag, { flags: [], segments: [] })).toMatchObject({ ok: true });
      }),
      { numRuns: 500 },
    );
  });

  it('salts each condition, so one value does not hash alike in two conditions', () => {
    expect(listValueHash('flag/s/0/0', 'alice')).not.toBe(listValueHash('flag/s/0/1', 'alice'));
    expect(listValueHash('flag/s/0/0', '42')).not.toBe(listValueHash('flag/s/0/0', 42));
  });

  it('leaves other conditions, and lists with nothing to hash, as they are', () => {
    const contains: Condition = { op: 'contains', attribute: 'a', values: ['alice'] };
    const booleans: Condition = { op: 'in', attribute: 'a', values: [true, 1.5] };
    expect(hashListCondition(contains, 's')).toBe(contains);
    expect(hashListCondition(booleans, 's')).toBe(booleans);
    const broken = { op: 'in', attribute: 'a', values: 'alice' } as unknown as Condition;
    expect(hashListCondition(broken, 's')).toBe(broken);
  });

  it('refuses malformed hashed lists in validation, with paths', () => {
    const flag = booleanFlag({
      key: 'f',
      rules: [
        {
          id: 'r',
          conditions: [
            { op: 'in_hashed', attribute: 'a', salt: '', hashes: ['XYZ'], values: [null] } as never,
          ],
          serve: { variant: 'on' },
        },
      ],
    });
    const result = validateFlag(flag, { flags: [], segments: [] });
    expect(result.ok ? [] : result.issues.map((i) => i.path.join('.'))).toEqual([
      'rules.0.conditions.0.salt',
      'rules.0.conditions.0.hashes.0',
      'rules.0.conditions.0.values.0',
    ]);
  });
});

describe('segment lists keyed with a salt', () => {
  it('checks includedHashes and excludedHashes with the segment salt when there is one, else the key', () => {
    const flag = booleanFlag({
      key: 'staff',
      rules: [
        { id: 'r', conditions: [{ op: 'segment', segments: ['internal_users'] }], serve: { variant: 'on' } },
      ],
      fallthrough: { variant: 'off' },
    });
    const salted = (segment: object) =>
      compileSnapshot({
        schemaVersion: 1,
        environment: 't',
        revision: 1,
        flags: [flag],
        segments: [segment as never],
      });
    const on = (snapshot: ReturnType<typeof compileSnapshot>, key: string) =>
      evaluate(snapshot, 'staff', { key }, false).value;
    const withSalt = salted({
      key: 'internal_users',
      salt: 'install-1/segment/internal_users',
      includedHashes: [segmentKeyHash('install-1/segment/internal_users', 'alice')],
      excludedHashes: [segmentKeyHash('install-1/segment/internal_users', 'mallory')],
      conditions: [{ op: 'present', attribute: 'key' }],
    });
    expect(on(withSalt, 'alice')).toBe(true);
    expect(on(withSalt, 'mallory')).toBe(false);
    // The unsalted hash of the same key no longer matches: hashes differ per salt.
    const keyedByName = salted({
      key: 'internal_users',
      includedHashes: [segmentKeyHash('internal_users', 'alice')],
    });
    expect(on(keyedByName, 'alice')).toBe(true);
    const mixed = salted({
      key: 'internal_users',
      salt: 'install-2/segment/internal_users',
      includedHashes: [segmentKeyHash('internal_users', 'alice')],
    });
    expect(on(mixed, 'alice')).toBe(false);
  });
});
