import { DDSketch } from '@datadog/sketches-js';
import {
  type CohortSignals,
  emptyCohort,
  type SignalSource,
  type SignalWindow,
} from '../../src/rollouts/signals-port.ts';
import type { QuantileSource } from '../../src/rollouts/statistics.ts';

/** A DDSketch (1% relative accuracy) of the given latencies, as the engine reads one. */
export function sketchOf(values: number[]): QuantileSource {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  for (const v of values) sketch.accept(v);
  return {
    count: sketch.count,
    relativeAccuracy: 0.01,
    quantile: (q) => (sketch.count === 0 ? undefined : sketch.getValueAtQuantile(q)),
  };
}

/** Deterministic latencies around `medianMs` (a log-normal grid), `n` of them. */
export function latencies(n: number, medianMs: number, tail = 1): number[] {
  return Array.from({ length: n }, (_, i) => {
    const u = (i + 0.5) / n;
    const z = Math.sqrt(2) * inverseErf(2 * u - 1);
    return medianMs * Math.exp(0.5 * z * (z > 0 ? tail : 1));
  });
}

function inverseErf(x: number): number {
  const a = 0.147;
  const ln = Math.log(1 - x * x);
  const t = 2 / (Math.PI * a) + ln / 2;
  return Math.sign(x) * Math.sqrt(Math.sqrt(t * t - ln / a) - t);
}

export interface CohortScript {
  calls: number;
  errorRate: number;
  medianMs?: number;
  /** Multiplies the upper half of the latency distribution's spread (2 ≈ a p99 twice as long). */
  tail?: number;
  errorType?: string;
}

export function cohort(script: CohortScript): CohortSignals {
  const errors = Math.round(script.calls * script.errorRate);
  return {
    ...emptyCohort(),
    exposures: script.calls,
    calls: script.calls,
    errors: errors > 0 ? { [script.errorType ?? 'Error']: errors } : {},
    latency: sketchOf(latencies(script.calls, script.medianMs ?? 40, script.tail ?? 1)),
  };
}

/**
 * What the SDKs report, scripted per flag: the test sets each flag's cohorts and the engine reads
 * them as it would read the metrics slice (the newest report is always "now").
 */
export function scriptedSignals(now: () => Date) {
  const scripts = new Map<string, { treatment: CohortScript; control: CohortScript }>();
  const source: SignalSource = {
    readMany(queries) {
      return Promise.all(queries.map((q) => source.read(q)));
    },
    async read(query): Promise<SignalWindow> {
      const script = scripts.get(query.flagKey);
      const cohorts = {
        treatment: script ? cohort(script.treatment) : emptyCohort(),
        control: script ? cohort(script.control) : emptyCohort(),
        excluded: emptyCohort(),
        targeted: emptyCohort(),
        other: emptyCohort(),
      };
      return {
        cohorts,
        series: [{ bucketStart: query.since, cohorts }],
        newestReport: script ? now() : undefined,
      };
    },
  };
  return {
    source,
    set(flag: string, treatment: CohortScript, control: CohortScript) {
      scripts.set(flag, { treatment, control });
    },
    healthy(flag: string, calls = 4_000) {
      scripts.set(flag, { treatment: { calls, errorRate: 0.01 }, control: { calls, errorRate: 0.01 } });
    },
  };
}
