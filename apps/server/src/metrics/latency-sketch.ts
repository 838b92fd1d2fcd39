import { DDSketch } from '@datadog/sketches-js';

/** The protocol's relative accuracy (docs/sdk-protocol.md): every SDK's bins use the same gamma. */
export const LATENCY_RELATIVE_ACCURACY = 0.01;

/**
 * Merged latencies of one cohort, in ms: a DDSketch, so a quantile is within 1% of the true one
 * (relative), whatever the SDK instances and time buckets merged.
 */
export interface LatencySketch {
  /** The value at quantile q (0 to 1), in ms; undefined when the sketch is empty. */
  quantile(q: number): number | undefined;
  readonly count: number;
  readonly relativeAccuracy: number;
  /** Adds another sketch's values to this one. */
  merge(other: LatencySketch): void;
  /** The wire form: sparse bins and the count of zeroes. */
  toWire(): { zeroCount: number; bins: Record<string, number> };
}

class DDLatencySketch implements LatencySketch {
  readonly relativeAccuracy = LATENCY_RELATIVE_ACCURACY;
  readonly sketch = new DDSketch({ relativeAccuracy: LATENCY_RELATIVE_ACCURACY });

  get count(): number {
    return this.sketch.count;
  }

  quantile(q: number): number | undefined {
    if (this.sketch.count === 0 || !(q >= 0 && q <= 1)) return undefined;
    return this.sketch.getValueAtQuantile(q);
  }

  merge(other: LatencySketch): void {
    // Same mapping (one gamma for every SDK): store into store, without the wire form in between.
    if (other instanceof DDLatencySketch) this.sketch.merge(other.sketch);
    else this.addWire(other.toWire());
  }

  /** Adds bins as an SDK sent them (the index mapping is the same: no offset, same gamma). */
  addWire(wire: { zeroCount: number; bins: Record<string, number> }): void {
    for (const [index, count] of Object.entries(wire.bins)) {
      if (count <= 0) continue;
      this.sketch.store.add(Number(index), count);
      this.sketch.count += count;
    }
    if (wire.zeroCount > 0) {
      this.sketch.zeroCount += wire.zeroCount;
      this.sketch.count += wire.zeroCount;
    }
  }

  toWire() {
    const { bins: counts, offset } = this.sketch.store;
    const bins: Record<string, number> = {};
    for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) bins[i + offset] = counts[i]!;
    return { zeroCount: this.sketch.zeroCount, bins };
  }
}

/** A sketch from wire bins (as stored), or an empty one. */
export function sketchFromBins(bins: Record<string, number> = {}, zeroCount = 0): LatencySketch {
  const sketch = new DDLatencySketch();
  sketch.addWire({ zeroCount, bins });
  return sketch;
}

/** A sketch of these values (ms): for tests and benchmarks. */
export function sketchOf(values: Iterable<number>): LatencySketch {
  const sketch = new DDLatencySketch();
  for (const value of values) sketch.sketch.accept(Math.max(value, 0));
  return sketch;
}
