import { z } from 'zod';
import { isoDateTime, resourceKey, variantKey } from '../http/common-schemas.ts';

export const METRICS_LIMITS = { flags: 1_000, variantsPerFlag: 50, count: 1_000_000_000 } as const;

const variantCounts = z
  .record(variantKey, z.number().int().min(0).max(METRICS_LIMITS.count))
  .refine((counts) => Object.keys(counts).length <= METRICS_LIMITS.variantsPerFlag, {
    message: `at most ${METRICS_LIMITS.variantsPerFlag} variants per flag`,
  });

/** `POST /api/v1/sdk/metrics`: evaluation counts per flag and variant over one window. */
export const metricsReport = z.strictObject({
  start: isoDateTime,
  end: isoDateTime,
  flags: z
    .record(resourceKey, variantCounts)
    .refine((flags) => Object.keys(flags).length <= METRICS_LIMITS.flags, {
      message: `at most ${METRICS_LIMITS.flags} flags per report`,
    }),
});

export type MetricsReport = z.infer<typeof metricsReport>;
