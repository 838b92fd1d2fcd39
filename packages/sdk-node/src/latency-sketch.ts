import { DDSketch } from '@datadog/sketches-js';
import { LATENCY_RELATIVE_ACCURACY, type LatencyRecorder, type WireSketch } from '@flagstaff/sdk-core';

/**
 * A DDSketch (relative accuracy 1%, the protocol's) of one cell's latencies in ms. Its logarithmic
 * mapping has no offset, so its bin indexes are the protocol's: ceil(log(v) / log(gamma)).
 */
export function createLatencySketch(): LatencyRecorder {
  const sketch = new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY });
  return {
    accept(ms) {
      // A clock that went backwards gives a negative duration: count it as zero.
      sketch.accept(ms > 0 && Number.isFinite(ms) ? ms : 0);
    },
    wire(): WireSketch {
      const { bins: counts, offset } = sketch.store;
      const bins: Record<string, number> = {};
      for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) bins[i + offset] = counts[i]!;
      return { zeroCount: sketch.zeroCount, bins };
    },
  };
}
