import { COHORTS } from '@flagstaff/evaluator';
import { z } from 'zod';
import { isoDateTime, resourceKey, variantKey } from '../http/common-schemas.ts';

/** What one report may carry (docs/sdk-protocol.md): bounded so that no client can grow a row or a query without limit. */
export const SIGNALS_LIMITS = {
  /** v1 `flags`: flags per report and variants per flag. */
  flags: 1_000,
  variantsPerFlag: 50,
  /** v2 `signals`: entries per report. */
  signals: 2_000,
  /** Error types and conversion names per entry (the SDKs send at most 20, then `other`). */
  namesPerEntry: 21,
  /** Latency bins per sketch: 1% accuracy covers 1 ns to 10 hours in about 1,500 bins. */
  binsPerSketch: 4_096,
  count: 1_000_000_000,
} as const;

const count = z.number().int().min(0).max(SIGNALS_LIMITS.count);
const signalName = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1 to 64 letters, digits or `_.:-`');

const atMost = (max: number) => (value: Record<string, unknown>) => {
  let n = 0;
  for (const _ in value) if (++n > max) return false;
  return true;
};

const nameCounts = z.record(signalName, count).refine(atMost(SIGNALS_LIMITS.namesPerEntry), {
  message: `at most ${SIGNALS_LIMITS.namesPerEntry} names`,
});

/** A DDSketch's bins at the protocol's gamma: integer index (as a string) to count. */
const wireSketch = z.strictObject({
  zeroCount: count,
  bins: z
    .record(z.string().regex(/^-?[0-9]{1,4}$/, 'must be an integer index from -9999 to 9999'), count)
    .refine(atMost(SIGNALS_LIMITS.binsPerSketch), {
      message: `at most ${SIGNALS_LIMITS.binsPerSketch} bins`,
    }),
});

const signalEntry = z.strictObject({
  flag: resourceKey,
  version: z.number().int().min(0).max(2_147_483_647),
  variant: variantKey,
  cohort: z.enum(COHORTS as [string, ...string[]]),
  exposures: count,
  calls: count.optional(),
  errors: nameCounts.optional(),
  latency: wireSketch.optional(),
  conversions: nameCounts.optional(),
});

const variantCounts = z.record(variantKey, count).refine(atMost(SIGNALS_LIMITS.variantsPerFlag), {
  message: `at most ${SIGNALS_LIMITS.variantsPerFlag} variants per flag`,
});

/**
 * `POST /api/v1/sdk/metrics`. Version 2 (`batchId` and `signals`) from current SDKs; version 1
 * (`flags`: evaluation counts per flag and variant) from older ones, stored as cohort `other`,
 * flag version 0. A report without `batchId` cannot be recognised when retried.
 */
export const metricsReport = z
  .strictObject({
    batchId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, `_` or `-`')
      .optional(),
    start: isoDateTime,
    end: isoDateTime,
    flags: z
      .record(resourceKey, variantCounts)
      .refine(atMost(SIGNALS_LIMITS.flags), {
        message: `at most ${SIGNALS_LIMITS.flags} flags per report`,
      })
      .optional(),
    signals: z.array(signalEntry).max(SIGNALS_LIMITS.signals).optional(),
  })
  .refine((report) => report.flags !== undefined || report.signals !== undefined, {
    message: 'a report carries `signals` (or `flags`, from older SDKs)',
    path: ['signals'],
  });

export type MetricsReport = z.infer<typeof metricsReport>;
export type SignalEntryBody = z.infer<typeof signalEntry>;
