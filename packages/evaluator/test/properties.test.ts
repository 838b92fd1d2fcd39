import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSnapshot, evaluate, type FlagConfig, isEnabled, type Serve } from '../src/index.ts';
import { booleanFlag, snapshotOf } from './support/flags.ts';

const UNITS = 100_000;
/** 100,000 distinct keys: UUIDs and arbitrary Unicode strings (accents, CJK, emoji…). */
const keys = [
  ...new Set(
    fc.sample(fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' })), {
      numRuns: UNITS * 2,
      seed: 20261126,
    }),
  ),
].slice(0, UNITS);

function flag(key: string, salt: string, fallthrough: Serve): FlagConfig {
  return booleanFlag({ key, salt, fallthrough });
}

function enabledSet(percentage: number, salt = 'salt-a'): Set<string> {
  const snapshot = snapshotOf(flag('f', salt, { variant: 'on', percentage }));
  return new Set(keys.filter((key) => isEnabled(snapshot, 'f', { key })));
}

describe(`bucketing over ${UNITS.toLocaleString('en')} generated keys`, () => {
  it('has as many distinct keys as it says', () => {
    expect(keys).toHaveLength(UNITS);
  });

  it('serves a 10% rollout to 10% ± 0.3% of units', () => {
    expect(enabledSet(10).size / UNITS).toBeCloseTo(0.1, 2);
    expect(Math.abs(enabledSet(10).size / UNITS - 0.1)).toBeLessThanOrEqual(0.003);
  });

  it('spreads units evenly over the buckets (chi-square, 100 bins)', () => {
    const snapshot = snapshotOf(flag('f', 'salt-a', { variant: 'on', percentage: 50 }));
    const bins = new Array<number>(100).fill(0);
    for (const key of keys) {
      const bucket = evaluate(snapshot, 'f', { key }, false).bucket!;
      bins[Math.floor(bucket / 1000)]!++;
    }
    const expected = UNITS / 100;
    const chi2 = bins.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(148); // 99 degrees of freedom, p = 0.001
  });

  it('is monotonic over the conservative ladder: no unit is ever dropped', () => {
    const ladder = [0.1, 1, 5, 10, 25, 50, 100];
    let previous = new Set<string>();
    for (const percentage of ladder) {
      const current = enabledSet(percentage);
      const dropped = [...previous].filter((key) => !current.has(key));
      expect(dropped).toEqual([]);
      expect(Math.abs(current.size / UNITS - percentage / 100)).toBeLessThanOrEqual(0.003);
      previous = current;
    }
    expect(previous.size).toBe(UNITS);
  });

  it('draws independently across flags: two flags at 50% overlap on about 25%', () => {
    const a = enabledSet(50, 'salt-a');
    const b = enabledSet(50, 'salt-b');
    const both = [...a].filter((key) => b.has(key)).length;
    expect(Math.abs(both / UNITS - 0.25)).toBeLessThanOrEqual(0.005);
  });

  it('draws the variant independently of the gate', () => {
    const snapshot = compileSnapshot({
      schemaVersion: 1,
      environment: 'test',
      revision: 1,
      segments: [],
      flags: [
        {
          key: 'exp',
          type: 'experiment',
          salt: 'salt-exp',
          variants: [
            { key: 'control', value: 'a' },
            { key: 'treatment', value: 'b' },
          ],
          enabled: true,
          offVariant: 'control',
          rules: [],
          fallthrough: {
            percentage: 20,
            split: [
              { variant: 'control', weight: 50 },
              { variant: 'treatment', weight: 50 },
            ],
          },
        },
      ],
    });
    let admitted = 0;
    let treatment = 0;
    for (const key of keys) {
      const result = evaluate(snapshot, 'exp', { key }, 'a');
      if (result.reason !== 'ROLLOUT') continue;
      admitted++;
      if (result.variant === 'treatment') treatment++;
    }
    expect(Math.abs(admitted / UNITS - 0.2)).toBeLessThanOrEqual(0.003);
    expect(Math.abs(treatment / admitted - 0.5)).toBeLessThanOrEqual(0.01);
  });
});
