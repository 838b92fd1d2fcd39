import { describe, expect, it } from 'vitest';
import { decide } from '../../src/rollouts/decide.ts';
import { type Criteria, DEFAULT_CRITERIA } from '../../src/rollouts/rollout-model.ts';
import { type CohortSignals, emptyCohort, type SignalWindow } from '../../src/rollouts/signals-port.ts';
import { cohort, latencies, sketchOf } from './scripted-signals.ts';

const now = new Date('2026-12-01T12:30:00Z');

function alertsFor(treatment: CohortSignals, control: CohortSignals, criteria: Criteria = DEFAULT_CRITERIA) {
  const cohorts = {
    treatment,
    control,
    excluded: emptyCohort(),
    targeted: emptyCohort(),
    other: emptyCohort(),
  };
  const window: SignalWindow = { cohorts, series: [{ bucketStart: now, cohorts }], newestReport: now };
  const verdict = decide({
    now,
    stage: { percentage: 1, minDurationSeconds: 600 },
    stageStartedAt: new Date(now.getTime() - 300_000),
    criteria,
    window,
    guards: [],
  });
  return verdict.alerts.map((a) => a.kind);
}

/** p95 about 1.6 times control's, everything else alike. */
const slowTail = () => cohort({ calls: 4_000, errorRate: 0.01, tail: 1.6 });
const healthy = () => cohort({ calls: 4_000, errorRate: 0.01 });

describe('the p95 alert', () => {
  it('is raised when p95 is certainly slower and estimated beyond the alert, with the sample the decisions need', () => {
    expect(alertsFor(slowTail(), healthy())).toEqual(['p95_delta']);
    expect(alertsFor(healthy(), healthy())).toEqual([]);
  });

  it('follows the plan: latency judged off at p95 means no p95 alert either', () => {
    const off = { ...DEFAULT_CRITERIA, advance: { ...DEFAULT_CRITERIA.advance, p95Ratio: null } };
    expect(alertsFor(slowTail(), healthy(), off)).toEqual([]);
  });

  it('waits for the minimum sample of timed calls, not only of calls', () => {
    const fewTimed = { ...slowTail(), latency: sketchOf(latencies(200, 40, 1.6)) };
    expect(alertsFor(fewTimed, healthy())).toEqual([]);
  });
});
