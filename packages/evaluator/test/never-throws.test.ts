import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSnapshot, evaluate, getValue, isEnabled } from '../src/index.ts';
import { booleanFlag, snapshotOf } from './support/flags.ts';

const condition = fc.oneof(
  fc.record(
    {
      op: fc.constantFrom(
        'eq',
        'in',
        'not_in',
        'in_hashed',
        'not_in_hashed',
        'lt',
        'matches',
        'semver_gt',
        'before',
        'segment',
        'flag',
        'nope',
      ),
      attribute: fc.string(),
      value: fc.anything(),
      values: fc.anything(),
      salt: fc.oneof(fc.string(), fc.anything()),
      hashes: fc.oneof(fc.array(fc.constantFrom('0123456789abcdef', 'x')), fc.anything()),
      segments: fc.anything(),
      flag: fc.constantFrom('a', 'b', 'c'),
      variants: fc.anything(),
      negate: fc.anything(),
    },
    { requiredKeys: ['op'] },
  ),
  fc.anything(),
);
const serve = fc.oneof(
  fc.record(
    {
      variant: fc.constantFrom('on', 'off', 'x'),
      percentage: fc.oneof(fc.double(), fc.integer({ min: 0, max: 100 })),
      stickiness: fc.oneof(fc.string(), fc.constant('constructor')),
    },
    { requiredKeys: [] },
  ),
  fc.record({ split: fc.anything() }),
  fc.anything(),
);
const flag = fc.oneof(
  fc.record(
    {
      key: fc.constantFrom('a', 'b', 'c'),
      type: fc.constant('release'),
      salt: fc.oneof(fc.constant('s'), fc.string()),
      variants: fc.oneof(
        fc.constant([
          { key: 'on', value: true },
          { key: 'off', value: false },
        ]),
        fc.anything(),
      ),
      enabled: fc.oneof(fc.boolean(), fc.anything()),
      offVariant: fc.constantFrom('on', 'off', 'x'),
      rules: fc.array(
        fc.record({ id: fc.string(), conditions: fc.array(condition, { maxLength: 3 }), serve }),
        { maxLength: 3 },
      ),
      fallthrough: serve,
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const context = fc.oneof(
  fc.anything(),
  fc.dictionary(fc.string(), fc.anything()),
  fc.record({ key: fc.anything(), userId: fc.anything(), country: fc.anything() }),
);

describe('evaluation never throws', () => {
  it('for arbitrary flags, segments and contexts', () => {
    fc.assert(
      fc.property(
        fc.array(flag, { maxLength: 4 }),
        fc.anything(),
        context,
        fc.anything(),
        (flags, segments, ctx, fallback) => {
          const snapshot = compileSnapshot({
            schemaVersion: 1,
            environment: 'e',
            revision: 1,
            flags,
            segments,
          } as never);
          for (const key of ['a', 'b', 'c']) {
            const result = evaluate(snapshot, key, ctx as never, fallback, 'json');
            expect(['DISABLED', 'RULE_MATCH', 'ROLLOUT', 'DEFAULT', 'ERROR']).toContain(result.reason);
            if (result.reason === 'ERROR') expect(result.value).toBe(fallback);
            expect(typeof isEnabled(snapshot, key, ctx as never, true)).toBe('boolean');
          }
        },
      ),
      { numRuns: 3000, seed: 1 },
    );
  });

  it('for a garbage snapshot and hostile contexts', () => {
    const snapshot = compileSnapshot(null as never);
    expect(evaluate(snapshot, 'a', {}, 1).errorCode).toBe('FLAG_NOT_FOUND');
    const good = snapshotOf(
      booleanFlag({
        key: 'a',
        type: 'ops',
        rules: [
          {
            id: 'r',
            conditions: [{ op: 'eq', attribute: 'country', value: 'US' }],
            serve: { variant: 'on' },
          },
        ],
        fallthrough: { variant: 'off' },
      }),
    );
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(evaluate(good, 'a', hostile, false)).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
    expect(isEnabled(good, 'a', hostile, true)).toBe(true);
    expect(evaluate(good, 'a', { country: 'US' }, false).value).toBe(true);
  });
});

describe('served variant for metrics', () => {
  it('reports the variant isEnabled and getValue served, and undefined on an error', () => {
    const snapshot = snapshotOf(booleanFlag({ key: 'a', type: 'ops' }));
    const out = { variant: undefined as string | undefined };
    expect(isEnabled(snapshot, 'a', {}, false, out)).toBe(true);
    expect(out.variant).toBe('on');
    expect(getValue(snapshot, 'a', {}, 'x', 'string', out)).toBe('x');
    expect(out.variant).toBeUndefined();
  });
});
