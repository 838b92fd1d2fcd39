import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../flags/flag-lifecycle-port.ts';
import { flagType } from '../flags/flag-schemas.ts';
import { environmentKey, owner } from '../http/common-schemas.ts';
import { CLEANUP_REASONS } from './lifecycle-rules.ts';

export const cleanupQuery = z.strictObject({
  owner: owner.optional(),
  environment: environmentKey.optional(),
});

const cleanupReason = z
  .object({
    code: z.enum(CLEANUP_REASONS),
    environment: z.string().nullable(),
    since: z.string(),
    ageDays: z.number().int(),
    message: z.string(),
  })
  .meta({ id: 'CleanupReason' });

export const cleanupReportView = z
  .object({
    generatedAt: z.string(),
    staleAfterDays: z.number().int(),
    owners: z.array(
      z.object({
        owner: z.string().nullable(),
        flags: z.array(
          z.object({
            key: z.string(),
            type: flagType,
            owner: z.string().nullable(),
            expiresAt: z.string().nullable(),
            archived: z.boolean(),
            reasons: z.array(cleanupReason),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'CleanupReport' });

export const cleanupRunView = z
  .object({
    ranAt: z.string(),
    flagged: z.number().int().describe('flags with at least one reason'),
    owners: z.number().int().describe('owners notified (one cleanup.report event each)'),
    notified: z
      .number()
      .int()
      .describe('events queued: one per owner, plus flag.expired per newly expired flag'),
  })
  .meta({ id: 'CleanupRun' });

export const lifecycleSummaryView = z
  .object({
    environments: z.record(
      z.string(),
      z.object(Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, z.number().int()]))),
    ),
  })
  .meta({ id: 'LifecycleSummary' });
