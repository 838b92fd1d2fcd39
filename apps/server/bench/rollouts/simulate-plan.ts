import { decide } from '../../src/rollouts/decide.ts';
import {
  type Criteria,
  DEFAULT_CRITERIA,
  type Stage,
  type Verdict,
} from '../../src/rollouts/rollout-model.ts';
import { type CohortSignals, emptyCohort, type SignalWindow } from '../../src/rollouts/signals-port.ts';
import { binomial, type Latency, random, simulatedQuantiles } from './simulated-cohort.ts';

/** How one cohort behaves at a moment of the plan. */
export interface Behaviour {
  errorRate: number;
  /** Extra errors of a type control never sees (a regression's signature). */
  newErrorRate?: number;
  latency: Latency;
  /** Share of this cohort's reports that reach the server (below 1: lost reports, as from a crashing path). */
  reported?: number;
}

export interface Scenario {
  name: string;
  /** Measured calls per second reaching the flag (all units, before the gate). */
  callsPerSecond: number;
  stages: Stage[];
  treatment(stage: number, secondsInStage: number): Behaviour;
  control(stage: number, secondsInStage: number): Behaviour;
  /** Reports stop arriving after this many seconds into the plan (late or missing data). */
  reportsStopAfter?: number;
  /** Longest a plan may sit at one stage before the simulation counts it as holding. */
  maxSecondsPerStage: number;
  criteria?: Criteria;
  /** Calls per cohort from which a regression must be caught (the criterion's own minimum). */
  detectionMinimum?: number;
}

export interface PlanOutcome {
  result: 'completed' | 'rolled_back' | 'holding';
  stage: number;
  /** Decisions taken after the stage's minimum sample was reached, until the rollback. */
  decisionsAfterMinimum?: number;
  last: Verdict | undefined;
  seconds: number;
}

const TICK_SECONDS = 10;
/** A tenth of the 30-minute stage, as the engine asks the signals for (SignalsQuery.resolutionSeconds). */
const BUCKET_SECONDS = 180;

interface SimCohort {
  signals: CohortSignals;
  latency: ReturnType<typeof simulatedQuantiles>;
}

function simCohort(rand: () => number, latency: () => Latency): SimCohort {
  const source = simulatedQuantiles(rand, latency);
  return { signals: { ...emptyCohort(), latency: source }, latency: source };
}

function add(rand: () => number, cohorts: SimCohort[], calls: number, b: Behaviour) {
  const reported = b.reported === undefined ? calls : binomial(rand, calls, b.reported);
  const errors = binomial(rand, reported, b.errorRate);
  const fresh = b.newErrorRate ? binomial(rand, reported, b.newErrorRate) : 0;
  for (const c of cohorts) {
    c.signals.exposures += reported;
    c.signals.calls += reported;
    if (errors > 0) c.signals.errors.Error = (c.signals.errors.Error ?? 0) + errors;
    if (fresh > 0) c.signals.errors.RegressionError = (c.signals.errors.RegressionError ?? 0) + fresh;
    c.latency.add(reported);
  }
}

/** One plan, tick by tick, through the real `decide()`. */
export function simulatePlan(scenario: Scenario, seed: number): PlanOutcome {
  const rand = random(seed);
  const criteria = scenario.criteria ?? DEFAULT_CRITERIA;
  let clock = 0;
  let last: Verdict | undefined;
  for (let stageIndex = 0; stageIndex < scenario.stages.length; stageIndex++) {
    const stage = scenario.stages[stageIndex]!;
    if (stage.percentage >= 100) return { result: 'completed', stage: stageIndex, last, seconds: clock };
    const stageStart = clock;
    let t: Behaviour = scenario.treatment(stageIndex, 0);
    let c: Behaviour = scenario.control(stageIndex, 0);
    const total = { treatment: simCohort(rand, () => t.latency), control: simCohort(rand, () => c.latency) };
    const series: { start: number; treatment: SimCohort; control: SimCohort }[] = [];
    const windowSeries: SignalWindow['series'] = [];
    let newest: number | undefined;
    let minimumAt: number | undefined;
    let decisions = 0;
    while (clock - stageStart < scenario.maxSecondsPerStage) {
      clock += TICK_SECONDS;
      const inStage = clock - stageStart;
      t = scenario.treatment(stageIndex, inStage);
      c = scenario.control(stageIndex, inStage);
      const bucketStart = Math.floor(inStage / BUCKET_SECONDS) * BUCKET_SECONDS;
      let bucket = series.at(-1);
      if (!bucket || bucket.start !== bucketStart) {
        const tb = t;
        const cb = c;
        bucket = {
          start: bucketStart,
          treatment: simCohort(rand, () => tb.latency),
          control: simCohort(rand, () => cb.latency),
        };
        series.push(bucket);
        windowSeries.push({
          bucketStart: new Date(bucketStart * 1000),
          cohorts: {
            treatment: bucket.treatment.signals,
            control: bucket.control.signals,
            excluded: emptyCohort(),
            targeted: emptyCohort(),
            other: emptyCohort(),
          },
        });
      }
      if (scenario.reportsStopAfter === undefined || clock < scenario.reportsStopAfter) {
        const gateCalls = binomial(rand, scenario.callsPerSecond * TICK_SECONDS, stage.percentage / 100);
        const mirrorCalls = binomial(rand, scenario.callsPerSecond * TICK_SECONDS, stage.percentage / 100);
        add(rand, [total.treatment, bucket.treatment], gateCalls, t);
        add(rand, [total.control, bucket.control], mirrorCalls, c);
        newest = clock;
      }
      const window: SignalWindow = {
        cohorts: {
          treatment: total.treatment.signals,
          control: total.control.signals,
          excluded: emptyCohort(),
          targeted: emptyCohort(),
          other: emptyCohort(),
        },
        series: windowSeries,
        newestReport: newest === undefined ? undefined : new Date(newest * 1000),
      };
      const minimum = scenario.detectionMinimum ?? criteria.minSamplePerCohort;
      const enough = Math.min(total.treatment.signals.calls, total.control.signals.calls) >= minimum;
      if (enough && minimumAt === undefined) minimumAt = clock;
      last = decide(
        {
          now: new Date(clock * 1000),
          stage,
          stageStartedAt: new Date(stageStart * 1000),
          criteria,
          window,
          guards: [],
        },
        'decision',
      );
      if (minimumAt !== undefined) decisions++;
      if (last.action === 'rollback') {
        return {
          result: 'rolled_back',
          stage: stageIndex,
          decisionsAfterMinimum: decisions,
          last,
          seconds: clock,
        };
      }
      if (last.action === 'advance') break;
    }
    if (last?.action !== 'advance') return { result: 'holding', stage: stageIndex, last, seconds: clock };
  }
  return { result: 'completed', stage: scenario.stages.length, last, seconds: clock };
}
