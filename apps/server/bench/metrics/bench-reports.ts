/** The intake benchmarks' reports: what an SDK sends for 50 guarded flags over one interval. */

export const FLAGS_PER_REPORT = 50;

export interface Totals {
  exposures: number;
  calls: number;
  errors: number;
  conversions: number;
  bins: number;
}

export const noTotals = (): Totals => ({ exposures: 0, calls: 0, errors: 0, conversions: 0, bins: 0 });

export function addTotals(into: Totals, from: Totals): void {
  for (const k of Object.keys(into) as (keyof Totals)[]) into[k] += from[k];
}

/**
 * Report `n`, its window ending at `at`: every flag with exposures in three cohorts; 5 of them
 * measured (errors and a 20-bin latency sketch), 2 with conversions. About 16 KB of JSON.
 */
export function makeReport(n: number, at: number): { batchId: string; body: string; totals: Totals } {
  const totals = noTotals();
  const signals: unknown[] = [];
  const seed = (k: number) => ((n * 2_654_435_761 + k * 40_503) >>> 0) % 1000;
  for (let f = 0; f < FLAGS_PER_REPORT; f++) {
    const flag = `bench_flag_${f}`;
    for (const [cohort, variant] of [
      ['treatment', 'on'],
      ['control', 'off'],
      ['excluded', 'off'],
    ] as const) {
      const exposures = 1 + seed(f * 3 + variant.length);
      const entry: Record<string, unknown> = { flag, version: 2, variant, cohort, exposures };
      totals.exposures += exposures;
      if (f < 5 && cohort !== 'excluded') {
        const calls = 50 + (seed(f) % 50);
        const bins: Record<string, number> = {};
        let binned = 0;
        for (let b = 0; b < 20; b++) {
          const count = b === 19 ? calls - binned : Math.floor(calls / 20);
          binned += count;
          bins[String(300 + b * 3)] = count;
        }
        entry.calls = calls;
        entry.errors = { TypeError: 1 + (seed(f) % 3), ECONNRESET: 1 };
        entry.latency = { zeroCount: 0, bins };
        totals.calls += calls;
        totals.errors += 2 + (seed(f) % 3);
        totals.bins += calls;
      }
      if (f >= 5 && f < 7) {
        entry.conversions = { purchase: 3, signup: 1 };
        totals.conversions += 4;
      }
      signals.push(entry);
    }
  }
  const window = { start: new Date(at - 30_000).toISOString(), end: new Date(at).toISOString() };
  const batchId = `bench-${n}-${at}`;
  return { batchId, body: JSON.stringify({ batchId, ...window, signals }), totals };
}

/** Median and range of a list of figures. */
export function spread(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}
