import { describe, expect, it } from 'vitest';
import type { FlagConfig } from '../src/index.ts';
import { unsafePatternReason, validateFlag, validateSegment } from '../src/validate/index.ts';

const base: FlagConfig = {
  key: 'new_checkout_flow',
  type: 'release',
  salt: 'k3Jx9_aa',
  variants: [
    { key: 'on', value: true },
    { key: 'off', value: false },
  ],
  enabled: true,
  offVariant: 'off',
  rules: [
    {
      id: 'internal',
      conditions: [{ op: 'segment', segments: ['internal_users'] }],
      serve: { variant: 'on' },
    },
    {
      id: 'beta',
      conditions: [{ op: 'segment', segments: ['beta_users'] }],
      serve: { variant: 'on', percentage: 50 },
    },
  ],
  fallthrough: { variant: 'on', percentage: 10 },
};
const known = { flags: [], segments: [{ key: 'internal_users' }, { key: 'beta_users' }] };

function paths(result: ReturnType<typeof validateFlag>) {
  return result.ok ? [] : result.issues.map((i) => i.path.join('.'));
}

describe('validateFlag', () => {
  it('accepts the playbook flag configuration', () => {
    expect(validateFlag(base, known)).toEqual({ ok: true, value: base });
  });

  it('reports every problem with its path, not just the first', () => {
    const bad = {
      ...base,
      key: 'bad key!',
      offVariant: 'nope',
      extra: 1,
      rules: [
        {
          id: 'r',
          conditions: [{ op: 'lt', attribute: 'age', value: '5' }],
          serve: { variant: 'on', percentage: 101 },
        },
      ],
      fallthrough: {
        split: [
          { variant: 'on', weight: 60 },
          { variant: 'off', weight: 39.9995 },
        ],
      },
    };
    expect(paths(validateFlag(bad, known))).toEqual([
      'extra',
      'key',
      'offVariant',
      'rules.0.conditions.0.value',
      'rules.0.serve.percentage',
      'fallthrough.split.1.weight',
      'fallthrough.split',
    ]);
  });

  it('refuses unknown segments and prerequisite flags or variants', () => {
    const flag = {
      ...base,
      rules: [
        {
          id: 'r',
          conditions: [
            { op: 'segment', segments: ['ghosts'] },
            { op: 'flag', flag: 'other', variants: ['on', 'purple'] },
            { op: 'flag', flag: 'missing', variants: ['on'] },
          ],
          serve: { variant: 'on' },
        },
      ],
    };
    const other = { ...base, key: 'other', rules: [] };
    expect(paths(validateFlag(flag, { ...known, flags: [other] }))).toEqual([
      'rules.0.conditions.0.segments.0',
      'rules.0.conditions.1.variants.1',
      'rules.0.conditions.2.flag',
    ]);
  });

  it('refuses prerequisite cycles and chains deeper than five', () => {
    const requires = (key: string, next: string): FlagConfig => ({
      ...base,
      key,
      rules: [
        { id: 'p', conditions: [{ op: 'flag', flag: next, variants: ['on'] }], serve: { variant: 'on' } },
      ],
    });
    const cycle = validateFlag(requires('a', 'b'), { ...known, flags: [requires('b', 'a')] });
    expect(cycle.ok ? '' : cycle.issues[0]!.message).toMatch(/cycle: a → b → a/);
    const chain = ['f1', 'f2', 'f3', 'f4', 'f5'].map((k, i, all) =>
      i < all.length - 1 ? requires(k, all[i + 1]!) : { ...base, key: k, rules: [] },
    );
    expect(validateFlag(requires('f0', 'f1'), { ...known, flags: chain }).ok).toBe(true);
    const deeper = validateFlag(requires('g', 'f0'), { ...known, flags: [...chain, requires('f0', 'f1')] });
    expect(deeper.ok ? '' : deeper.issues[0]!.message).toMatch(/nest 6 deep; at most 5/);
  });

  it('keeps permission flags to people and segments', () => {
    const permission = { ...base, type: 'permission' };
    expect(paths(validateFlag(permission, known))).toEqual(['rules.1.serve', 'fallthrough']);
  });

  it('refuses patterns that can backtrack catastrophically', () => {
    for (const pattern of [
      '(a+)+$',
      '(\\w*,)*x',
      '(a|a)*',
      '(x+x+)+y',
      '(.*a){20}',
      '(a)\\1',
      '(?<=a)b',
      '(',
      'a'.repeat(300),
    ]) {
      expect(unsafePatternReason(pattern), pattern).toBeDefined();
    }
    for (const pattern of [
      '^[a-z]+@acme\\.com$',
      '^(foo|bar)$',
      '(ab)+',
      '^\\d{3}-\\d{4}$',
      '(?:a|b)c',
      '(a+)?',
    ]) {
      expect(unsafePatternReason(pattern), pattern).toBeUndefined();
    }
  });
});

describe('validateSegment', () => {
  it('accepts key lists and attribute conditions, refuses nesting', () => {
    expect(
      validateSegment({
        key: 'beta_users',
        included: ['u1'],
        conditions: [{ op: 'eq', attribute: 'beta', value: true }],
      }).ok,
    ).toBe(true);
    const nested = validateSegment({
      key: 's',
      conditions: [{ op: 'segment', segments: ['t'] }],
      included: [1],
    });
    expect(nested.ok ? [] : nested.issues.map((i) => i.path.join('.'))).toEqual([
      'included.0',
      'conditions.0.op',
    ]);
  });
});
