import { sketchOf } from '../../src/metrics/latency-sketch.ts';

/** Fifty log-normal-ish latencies around 40 ms as wire bins (one bucket's worth for one cohort). */
export function latencySketchBins(): Record<string, number> {
  const values = Array.from(
    { length: 50 },
    (_, i) => 40 * Math.exp(0.6 * Math.tan(((i + 0.5) / 50 - 0.5) * 2.5)),
  );
  return sketchOf(values).toWire().bins;
}
