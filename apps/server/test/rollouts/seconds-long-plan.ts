/**
 * A conservative plan with seconds-long stages, for the end-to-end tests that drive a real SDK: a small
 * minimum sample and a short metrics delay. Timings of a function that returns at once are noise, so the
 * latency criteria are left to the decision benchmark.
 */
export function secondsLongPlan(flag: string) {
  return {
    flag,
    environment: 'production',
    template: 'conservative',
    minStageSeconds: 1,
    criteria: {
      minSamplePerCohort: 150,
      metricsDelaySeconds: 1,
      advance: { p50Ratio: null, p95Ratio: null, p99Ratio: null, p99SpikeRatio: null },
      rollback: { p99Ratio: null },
    },
  };
}
