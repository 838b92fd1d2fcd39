import { BUCKETS } from './bucket.ts';
import { servedFlag } from './evaluate.ts';
import type { Reason } from './model.ts';
import { decision } from './run-flag.ts';

/**
 * Where an evaluation puts its unit in a guarded rollout of the flag's fallthrough gate
 * (docs/sdk-protocol.md "Cohorts", ADR 0008):
 * - `treatment`: the fallthrough gate admitted the unit (reason ROLLOUT);
 * - `control`: the gate kept the unit out and its bucket lies in the mirror range of the gate,
 *   [50,000, 50,000 + t) for a threshold t <= 50,000, [t, 100,000) above: as many units as
 *   treatment, and none changes cohort while the percentage grows up to 50%;
 * - `excluded`: the gate kept the unit out, outside the mirror range (served the old value, not compared);
 * - `targeted`: a targeting rule served the unit (reported, never compared: not a random sample);
 * - `other`: the flag is off, the unit could not be bucketed, or the fallthrough has no gate.
 */
export type Cohort = 'treatment' | 'control' | 'excluded' | 'targeted' | 'other';

/** The cohorts in the order of `cohortIndex`. */
export const COHORTS: readonly Cohort[] = ['treatment', 'control', 'excluded', 'targeted', 'other'];

const HALF = BUCKETS / 2;

/** Index in COHORTS of an evaluation's cohort, from its reason, rule, gate bucket and the fallthrough's threshold. */
export function cohortIndex(reason: Reason, ruleIndex: number, bucket: number, threshold: number): number {
  if (reason === 'ROLLOUT') return 0;
  if (reason === 'RULE_MATCH') return 3;
  if (reason !== 'DEFAULT' || ruleIndex !== -1 || bucket < 0) return 4;
  const inMirror = threshold <= HALF ? bucket >= HALF && bucket < HALF + threshold : bucket >= threshold;
  return inMirror ? 1 : 2;
}

/** The cohort index of the last successful evaluation (read right after `evaluateIndex` returned >= 0). */
export function servedCohort(): number {
  return cohortIndex(
    decision.reason,
    decision.ruleIndex,
    decision.bucket,
    servedFlag().fallthrough.threshold,
  );
}
