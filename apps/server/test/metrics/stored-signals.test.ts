import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { sketchOf } from '../../src/metrics/latency-sketch.ts';
import { addSignalRows, type SignalRow } from '../../src/metrics/signals-repository.ts';
import { createStoredSignals } from '../../src/metrics/stored-signals.ts';
import type { SignalsQuery, SignalWindow } from '../../src/rollouts/signals-port.ts';
import { createTestDatabase, drivers } from '../support/test-database.ts';

const start = new Date('2026-12-01T12:00:05Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

function row(flag: string, seconds: number, cohort: 'treatment' | 'control', extra: Partial<SignalRow> = {}) {
  return {
    environmentKey: 'production',
    flagKey: flag,
    bucketStart: new Date(Math.floor(at(seconds).getTime() / 10_000) * 10_000),
    flagVersion: 3,
    variant: cohort === 'treatment' ? 'on' : 'off',
    cohort,
    exposures: 10,
    calls: 10,
    latencyZero: 0,
    errors: {},
    latencyBins: sketchOf([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]).toWire().bins,
    conversions: {},
    ...extra,
  } satisfies SignalRow;
}

const query = (flag: string, untilSeconds: number): SignalsQuery => ({
  environment: 'production',
  flagKey: flag,
  minVersion: 3,
  since: start,
  until: at(untilSeconds),
  resolutionSeconds: 60,
});

/** What a decision reads of a window: counts, maps, quantiles, the series and the newest report. */
function figures(window: SignalWindow) {
  const cohort = (c: SignalWindow['cohorts']['treatment']) => ({
    exposures: c.exposures,
    calls: c.calls,
    errors: c.errors,
    conversions: c.conversions,
    timed: c.latency.count,
    quantiles: [0.5, 0.95, 0.99].map((q) => c.latency.quantile(q)),
  });
  return {
    treatment: cohort(window.cohorts.treatment),
    control: cohort(window.cohorts.control),
    series: window.series.map((s) => ({
      at: s.bucketStart.toISOString(),
      treatment: cohort(s.cohorts.treatment),
      control: cohort(s.cohorts.control),
    })),
    newestReport: window.newestReport?.toISOString(),
  };
}

describe.each(drivers())('stored signals read incrementally (%s)', (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase(driver);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it('reads what a fresh reader reads at every look, late reports into old buckets included', async () => {
    const reader = createStoredSignals(database.db);
    const rows: SignalRow[] = [];
    for (let s = 0; s < 300; s += 10)
      rows.push(row('late_flow', s, 'treatment'), row('late_flow', s, 'control'));
    // Before the stage (an older flag version) and after the look: neither counts.
    rows.push(row('late_flow', 20, 'treatment', { flagVersion: 2, variant: 'old', calls: 1_000 }));
    await addSignalRows(database.db, rows);

    const first = await reader.read(query('late_flow', 200));
    expect(figures(first)).toEqual(
      figures(await createStoredSignals(database.db).read(query('late_flow', 200))),
    );
    expect(first.cohorts.treatment.calls).toBe(210);
    expect(first.series).toHaveLength(4);

    // A report that arrives late into a bucket the reader has already summed, with a new error type,
    // a conversion and slow calls: the next look counts all of it.
    await addSignalRows(database.db, [
      row('late_flow', 30, 'treatment', {
        errors: { TimeoutError: 4 },
        conversions: { checkout: 2 },
        latencyBins: sketchOf([900, 910, 920, 930, 940, 950, 960, 970, 980, 990]).toWire().bins,
      }),
    ]);
    const second = await reader.read(query('late_flow', 205));
    expect(second.cohorts.treatment.errors).toEqual({ TimeoutError: 4 });
    expect(second.cohorts.treatment.conversions).toEqual({ checkout: 2 });
    expect(second.cohorts.treatment.calls).toBe(220);
    expect(second.cohorts.treatment.latency.quantile(0.99)).toBeGreaterThan(800);
    expect(figures(second)).toEqual(
      figures(await createStoredSignals(database.db).read(query('late_flow', 205))),
    );

    // Later looks with new buckets, and many windows at once, still agree with a full read.
    await addSignalRows(database.db, [row('late_flow', 300, 'control', { errors: { Error: 1 } })]);
    const [third] = await reader.readMany([query('late_flow', 320)]);
    const fresh = await createStoredSignals(database.db).read(query('late_flow', 320));
    expect(figures(third!)).toEqual(figures(fresh));
    expect(third!.newestReport?.getTime()).toBe(Math.floor(at(300).getTime() / 10_000) * 10_000 + 10_000);
  });

  it('reads many windows in one call, each its own flag, in the order asked', async () => {
    const flags = Array.from({ length: 120 }, (_, i) => `many_flow_${i}`);
    await addSignalRows(
      database.db,
      flags.flatMap((flag, i) => [
        row(flag, 10, 'treatment', { calls: i + 1 }),
        row(flag, 10, 'control', { calls: 2 * (i + 1) }),
      ]),
    );
    const windows = await createStoredSignals(database.db).readMany(flags.map((f) => query(f, 60)));
    expect(windows.map((w) => w.cohorts.treatment.calls)).toEqual(flags.map((_, i) => i + 1));
    expect(windows.map((w) => w.cohorts.control.calls)).toEqual(flags.map((_, i) => 2 * (i + 1)));
  });
});
