import { P99_MIN_SAMPLE } from '../../src/rollouts/criteria-checks.ts';
import { TEMPLATE_STAGES } from '../../src/rollouts/rollout-model.ts';
import type { Behaviour, Scenario } from './simulate-plan.ts';

const STAGE_SECONDS = 30 * 60;
const stages = TEMPLATE_STAGES.conservative.map((percentage) => ({
  percentage,
  minDurationSeconds: STAGE_SECONDS,
}));
const healthy: Behaviour = { errorRate: 0.01, latency: { medianMs: 40, sigma: 0.6 } };
/** The same median, a tail twice as long at p99: exp(sigma' * z99) = 2 exp(sigma * z99). */
const slowTail: Behaviour = { ...healthy, latency: { medianMs: 40, sigma: 0.6 + Math.log(2) / 2.3263 } };

const base = {
  callsPerSecond: 1_000,
  stages,
  maxSecondsPerStage: 4.5 * 3600,
  control: () => healthy,
};

/** From the third stage (5%) on. */
const fromThird = (bad: Behaviour) => (stage: number) => (stage >= 2 ? bad : healthy);

export const SCENARIOS: Scenario[] = [
  { ...base, name: 'healthy release', treatment: () => healthy },
  {
    ...base,
    name: '+5 pp errors from the 3rd stage',
    treatment: fromThird({ ...healthy, newErrorRate: 0.05 }),
  },
  {
    ...base,
    name: '2x p99 from the 3rd stage',
    treatment: fromThird(slowTail),
    detectionMinimum: P99_MIN_SAMPLE,
  },
  {
    ...base,
    name: 'incident in both cohorts',
    treatment: (stage, s) => (stage === 2 && s > 600 && s < 1200 ? { ...healthy, errorRate: 0.1 } : healthy),
    control: (stage, s) => (stage === 2 && s > 600 && s < 1200 ? { ...healthy, errorRate: 0.1 } : healthy),
  },
  {
    ...base,
    name: 'lost reports (SRM) from the 3rd stage',
    treatment: fromThird({ ...healthy, reported: 0.85 }),
  },
  { ...base, name: 'thin traffic (5 calls/s)', callsPerSecond: 5, treatment: () => healthy },
  { ...base, name: 'reports stop after 40 min', reportsStopAfter: 40 * 60, treatment: () => healthy },
];
