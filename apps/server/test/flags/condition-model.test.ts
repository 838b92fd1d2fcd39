import {
  type Condition,
  compileSnapshot,
  evaluate,
  type FlagConfig,
  type SnapshotCondition,
} from '@flagstaff/evaluator';
import {
  MODEL_LIMITS,
  OPERATOR_NAMES,
  OPERATORS,
  validateFlag,
  validateSegment,
  WRITABLE_OPERATORS,
  type WritableOperator,
} from '@flagstaff/evaluator/validate';
import { describe, expect, it } from 'vitest';
import { createFlagBody } from '../../src/flags/flag-schemas.ts';
import { conditionSchema } from '../../src/http/common-schemas.ts';

/** A valid condition for each operator, as a person would write it. */
function sample(op: WritableOperator): Condition {
  switch (OPERATORS[op].operand) {
    case 'scalar':
      return { op: 'eq', attribute: 'plan', value: 'pro' } as Condition;
    case 'scalar-list':
      return { op, attribute: 'userId', values: ['u-1', 2, true] } as Condition;
    case 'string-list':
      return { op, attribute: 'email', values: ['@example.com'], caseInsensitive: true } as Condition;
    case 'number':
      return { op, attribute: 'age', value: 18 } as Condition;
    case 'date':
      return { op, attribute: 'signedUpAt', value: '2026-01-01T00:00:00Z' } as Condition;
    case 'semver':
      return { op, attribute: 'appVersion', value: '2.3.0' } as Condition;
    case 'pattern':
      return { op: 'matches', attribute: 'email', value: '^[a-z]+@example\\.com$' };
    case 'presence':
      return { op, attribute: 'country' } as Condition;
    case 'segments':
      return { op: 'segment', segments: ['beta_users'] };
    case 'prerequisite':
      return { op: 'flag', flag: 'parent', variants: ['on'] };
  }
}

function flagWith(conditions: SnapshotCondition[], overrides: Partial<FlagConfig> = {}): FlagConfig {
  return {
    key: 'child',
    type: 'release',
    salt: 'child-salt',
    variants: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    enabled: true,
    offVariant: 'off',
    rules: [{ id: 'r', conditions: conditions as Condition[], serve: { variant: 'on' } }],
    fallthrough: { variant: 'off' },
    ...overrides,
  };
}

const parent = flagWith([], { key: 'parent', salt: 'parent-salt', rules: [] });
const known = { flags: [parent], segments: [{ key: 'beta_users' }] };
const accepted = (c: unknown) => conditionSchema.safeParse(c).success;
const valid = (c: unknown) => validateFlag(flagWith([c as Condition]), known).ok;

describe('one definition of the condition model', () => {
  it('lists every operator once; the hashed forms only in snapshots', () => {
    expect(new Set(OPERATOR_NAMES).size).toBe(OPERATOR_NAMES.length);
    expect(OPERATOR_NAMES.filter((op) => !WRITABLE_OPERATORS.includes(op as WritableOperator))).toEqual([
      'in_hashed',
      'not_in_hashed',
    ]);
  });

  it.each(WRITABLE_OPERATORS)(
    '%s: accepted by the API schema and the evaluator, compiled and evaluated',
    (op) => {
      const condition = sample(op);
      expect(condition.op).toBe(op);
      expect(accepted(condition)).toBe(true);
      expect(validateFlag(flagWith([condition]), known)).toMatchObject({ ok: true });
      const snapshot = compileSnapshot({
        schemaVersion: 1,
        environment: 'test',
        revision: 1,
        flags: [parent, flagWith([condition])],
        segments: [{ key: 'beta_users', included: ['u-1'] }],
      });
      expect(evaluate(snapshot, 'child', { key: 'u-1' }, false).errorCode).toBeUndefined();
    },
  );

  it('refuses the hashed forms in requests, and unknown operators everywhere', () => {
    const hashed = { op: 'in_hashed', attribute: 'userId', salt: 's', hashes: ['0123456789abcdef'] };
    expect(accepted(hashed)).toBe(false);
    expect(valid(hashed)).toBe(true); // a snapshot may carry it
    for (const op of ['toString', 'constructor', 'regex', '']) {
      expect(accepted({ op, attribute: 'a', value: 'x' })).toBe(false);
      expect(valid({ op, attribute: 'a', value: 'x' })).toBe(false);
    }
  });

  it('holds the API schema and the evaluator to the same limits', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    const atLimit: [unknown, unknown][] = [
      [
        { op: 'in', attribute: 'a', values: values(MODEL_LIMITS.valuesPerCondition) },
        { op: 'in', attribute: 'a', values: values(MODEL_LIMITS.valuesPerCondition + 1) },
      ],
      [
        { op: 'matches', attribute: 'a', value: 'a'.repeat(MODEL_LIMITS.patternLength) },
        { op: 'matches', attribute: 'a', value: 'a'.repeat(MODEL_LIMITS.patternLength + 1) },
      ],
      [
        { op: 'eq', attribute: 'a'.repeat(MODEL_LIMITS.attributeLength), value: 1 },
        { op: 'eq', attribute: 'a'.repeat(MODEL_LIMITS.attributeLength + 1), value: 1 },
      ],
      [
        { op: 'contains', attribute: 'a', values: ['x'.repeat(MODEL_LIMITS.stringLength)] },
        { op: 'contains', attribute: 'a', values: ['x'.repeat(MODEL_LIMITS.stringLength + 1)] },
      ],
    ];
    for (const [fits, over] of atLimit) {
      expect(accepted(fits), JSON.stringify(fits).slice(0, 60)).toBe(true);
      expect(valid(fits), JSON.stringify(fits).slice(0, 60)).toBe(true);
      expect(accepted(over), JSON.stringify(over).slice(0, 60)).toBe(false);
      expect(valid(over), JSON.stringify(over).slice(0, 60)).toBe(false);
    }
    const variants = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `v${i}`, value: i }));
    for (const [n, ok] of [
      [MODEL_LIMITS.variantsPerFlag, true],
      [MODEL_LIMITS.variantsPerFlag + 1, false],
    ] as const) {
      const body = { key: 'many', type: 'ops', variants: variants(n) };
      expect(createFlagBody.safeParse(body).success, `${n} variants`).toBe(ok);
      const flag = flagWith([], {
        variants: variants(n),
        offVariant: 'v0',
        rules: [],
        fallthrough: { variant: 'v0' },
      });
      expect(validateFlag(flag, known).ok, `${n} variants`).toBe(ok);
    }
    const segment = (n: number) => ({ key: 's', included: values(n) });
    expect(validateSegment(segment(MODEL_LIMITS.segmentKeys)).ok).toBe(true);
    expect(validateSegment(segment(MODEL_LIMITS.segmentKeys + 1)).ok).toBe(false);
  });
});
