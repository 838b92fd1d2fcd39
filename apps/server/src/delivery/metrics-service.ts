import type { Db } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { insertEvaluationCounts, listEvaluationCounts } from './metrics-repository.ts';
import type { MetricsReport } from './metrics-schemas.ts';

/** How far a report's window may reach into the future: SDK clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface EvaluationCount {
  variant: string;
  count: number;
  windowStart: string;
  windowEnd: string;
}

/** Evaluation counts from SDKs: one batch, one insert. The guarded rollouts read them per variant. */
export function createMetricsService(db: Db, clock: () => Date = () => new Date()) {
  return {
    async record(
      report: MetricsReport,
      from: { environment: string; credentialId: string },
    ): Promise<number> {
      const windowStart = new Date(report.start);
      const windowEnd = new Date(report.end);
      if (windowEnd < windowStart) {
        throw new ValidationError([{ path: ['end'], message: 'must not be before start' }]);
      }
      if (windowEnd.getTime() > clock().getTime() + CLOCK_SKEW_MS) {
        throw new ValidationError([{ path: ['end'], message: 'is in the future' }]);
      }
      const rows = Object.entries(report.flags).flatMap(([flagKey, variants]) =>
        Object.entries(variants)
          .filter(([, count]) => count > 0)
          .map(([variant, count]) => ({
            environmentKey: from.environment,
            credentialId: from.credentialId,
            flagKey,
            variant,
            count,
            windowStart,
            windowEnd,
          })),
      );
      await insertEvaluationCounts(db, rows);
      return rows.length;
    },

    async counts(environment: string, flagKey: string): Promise<EvaluationCount[]> {
      return (await listEvaluationCounts(db, environment, flagKey)).map((row) => ({
        variant: row.variant,
        count: row.count,
        windowStart: row.windowStart.toISOString(),
        windowEnd: row.windowEnd.toISOString(),
      }));
    },
  };
}

export type MetricsService = ReturnType<typeof createMetricsService>;
