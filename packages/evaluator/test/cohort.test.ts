import { describe, expect, it } from 'vitest';
import {
  COHORTS,
  type Cohort,
  cohortIndex,
  evaluate,
  evaluateIndex,
  servedCohort,
  servedFlag,
} from '../src/index.ts';
import { booleanFlag, snapshotOf } from './support/flags.ts';

const USERS = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);

/** Each user's cohort of a guarded flag at `percentage`, with the internal users served by a rule. */
function cohorts(percentage: number): Map<string, Cohort> {
  const snapshot = snapshotOf(
    booleanFlag({
      key: 'new_checkout_flow',
      version: 7,
      rules: [
        {
          id: 'internal',
          conditions: [{ op: 'in', attribute: 'key', values: ['user-1', 'user-2'] }],
          serve: { variant: 'on' },
        },
      ],
      fallthrough: { variant: 'on', percentage },
    }),
  );
  const out = new Map<string, Cohort>();
  for (const key of USERS) {
    const index = evaluateIndex(snapshot, 'new_checkout_flow', { key }, 'boolean');
    expect(index).toBeGreaterThanOrEqual(0);
    out.set(key, COHORTS[servedCohort()]!);
    // The cohort follows from the evaluation's public explanation too.
    const e = evaluate(snapshot, 'new_checkout_flow', { key }, false);
    const expected = cohortIndex(e.reason, e.ruleIndex ?? -1, e.bucket ?? -1, Math.round(percentage * 1000));
    expect(COHORTS[expected]).toBe(out.get(key));
  }
  return out;
}

function tally(map: Map<string, Cohort>): Record<Cohort, number> {
  const counts = { treatment: 0, control: 0, excluded: 0, targeted: 0, other: 0 };
  for (const cohort of map.values()) counts[cohort]++;
  return counts;
}

describe('cohorts of a guarded rollout', () => {
  const stages = [0.1, 1, 2, 5, 10, 25, 50];
  const byStage = new Map(stages.map((p) => [p, cohorts(p)]));

  it.each([2, 10, 50])(
    'at %s%%, treatment and control are the same size (within 4 standard deviations)',
    (p) => {
      const counts = tally(byStage.get(p)!);
      expect(counts.targeted).toBe(2);
      expect(counts.other).toBe(0);
      const expected = (USERS.length * p) / 100;
      const sd = Math.sqrt(expected * (1 - p / 100));
      expect(Math.abs(counts.treatment - expected)).toBeLessThan(4 * sd);
      expect(Math.abs(counts.control - expected)).toBeLessThan(4 * sd);
      // Both arms are samples of the same size: their difference is within 4 sd of the difference of two draws.
      expect(Math.abs(counts.treatment - counts.control)).toBeLessThan(4 * Math.SQRT2 * sd);
      expect(counts.excluded).toBe(USERS.length - 2 - counts.treatment - counts.control);
    },
  );

  it('moves no user between treatment and control as the percentage grows from 0.1 to 50', () => {
    for (let i = 1; i < stages.length; i++) {
      const before = byStage.get(stages[i - 1]!)!;
      const after = byStage.get(stages[i]!)!;
      for (const [user, cohort] of before) {
        if (cohort === 'treatment' || cohort === 'control') expect(after.get(user), user).toBe(cohort);
      }
    }
    // And the stages only add users: at 50% everyone not targeted is in one arm or the other.
    const last = tally(byStage.get(50)!);
    expect(last.excluded).toBe(0);
  });

  it('above 50%, control is everyone the gate keeps out', () => {
    const counts = tally(cohorts(75));
    expect(counts.excluded).toBe(0);
    expect(counts.treatment + counts.control).toBe(USERS.length - 2);
  });

  it('puts a flag that is off, or has no gate, in `other`, and reports its version', () => {
    const snapshot = snapshotOf(
      booleanFlag({ key: 'off', enabled: false, version: 3 }),
      booleanFlag({ key: 'plain' }),
    );
    expect(evaluateIndex(snapshot, 'off', { key: 'u' }, 'boolean')).toBe(1);
    expect(COHORTS[servedCohort()]).toBe('other');
    expect(servedFlag().version).toBe(3);
    expect(evaluateIndex(snapshot, 'plain', { key: 'u' }, 'boolean')).toBe(0);
    expect(COHORTS[servedCohort()]).toBe('other');
    expect(servedFlag().version).toBe(0);
    expect(evaluateIndex(snapshot, 'missing', { key: 'u' }, 'boolean')).toBe(-1);
  });
});
