import type { Cohort } from '@flagstaff/evaluator';
import { z } from 'zod';
import { isoDateTime, resourceKey, variantKey } from '../http/common-schemas.ts';
import { checkSignalEntry, ENTRY_LIMITS } from './check-signal-entry.ts';

/** What one report may carry (docs/sdk-protocol.md): bounded so that no client can grow a row or a query without limit. */
export const SIGNALS_LIMITS = {
  /** v1 `flags`: flags per report and variants per flag. */
  flags: 1_000,
  variantsPerFlag: 50,
  /** v2 `signals`: entries per report (each checked by checkSignalEntry). */
  signals: 2_000,
  count: ENTRY_LIMITS.count,
} as const;

const count = z.number().int().min(0).max(SIGNALS_LIMITS.count);

const atMost = (max: number) => (value: Record<string, unknown>) => {
  let n = 0;
  for (const _ in value) if (++n > max) return false;
  return true;
};

/** One entry of `signals`: checked by hand (see check-signal-entry.ts), documented here. */
const signalEntry = z.unknown().superRefine((entry, ctx) => {
  const issue = checkSignalEntry(entry);
  if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
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
    signals: z
      .array(signalEntry)
      .max(SIGNALS_LIMITS.signals)
      .optional()
      .describe(
        'Per flag, version, variant and cohort: { flag, version, variant, cohort, exposures, calls?, errors?, latency?: { zeroCount, bins }, conversions? } (docs/sdk-protocol.md)',
      ),
  })
  .refine((report) => report.flags !== undefined || report.signals !== undefined, {
    message: 'a report carries `signals` (or `flags`, from older SDKs)',
    path: ['signals'],
  });

/** An entry of `signals` once checked. */
export interface SignalEntryBody {
  flag: string;
  version: number;
  variant: string;
  cohort: Cohort;
  exposures: number;
  calls?: number;
  errors?: Record<string, number>;
  latency?: { zeroCount: number; bins: Record<string, number> };
  conversions?: Record<string, number>;
}

/** A report as validated: its `signals` entries are SignalEntryBody (checked by checkSignalEntry). */
export type MetricsReport = z.infer<typeof metricsReport>;
