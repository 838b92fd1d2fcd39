import { z } from 'zod';
import { environmentKey, jsonValue, resourceKey, variantKey } from '../http/common-schemas.ts';
import { RISK_FACTORS } from './rollout-templates.ts';

const percentage = z
  .number()
  .gt(0)
  .max(100)
  .refine((p) => Math.round(p * 1000) === p * 1000, 'at most three decimals (0.001% resolution)');

const nullableNumber = (min: number, max: number) => z.number().min(min).max(max).nullable().optional();

const criteriaOverrides = z.strictObject({
  minSamplePerCohort: z.number().int().min(10).max(10_000_000).optional(),
  metricsDelaySeconds: z.number().int().min(0).max(3600).optional(),
  advance: z
    .strictObject({
      errorRateDeltaPp: nullableNumber(0, 100),
      p50Ratio: nullableNumber(0, 10),
      p95Ratio: nullableNumber(0, 10),
      p99Ratio: nullableNumber(0, 10),
      p99SpikeRatio: nullableNumber(1, 100),
      conversionDropPp: nullableNumber(0, 100),
    })
    .optional(),
  rollback: z
    .strictObject({ errorRateDeltaPp: nullableNumber(0, 100), p99Ratio: nullableNumber(1, 100) })
    .optional(),
  alerts: z
    .strictObject({
      errorRateDeltaPp: z.number().min(0).max(100).optional(),
      p95DeltaRatio: z.number().min(0).max(100).optional(),
      treatmentErrorRate: z.number().min(0).max(1).optional(),
      stuckSeconds: z
        .number()
        .int()
        .min(1)
        .max(30 * 86_400)
        .optional(),
    })
    .optional(),
  rollbackAlpha: z.number().gt(0).max(0.2).optional(),
  holdAlpha: z.number().gt(0).max(0.5).optional(),
  sampleRatioAlpha: z.number().gt(0).max(0.2).optional(),
  sampleRatioTolerance: z.number().min(0).max(1).optional(),
});

export const prometheusGuardSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  query: z.string().trim().min(1).max(2_000),
  failWhen: z.enum(['>', '<']),
  threshold: z.number(),
  action: z.enum(['hold', 'rollback']),
});

const risk = z.strictObject({
  level: z.enum(['high', 'medium', 'low']).optional(),
  factors: z
    .array(z.enum(RISK_FACTORS as [string, ...string[]]))
    .max(RISK_FACTORS.length)
    .optional(),
});

export const startPlanBody = z
  .strictObject({
    flag: resourceKey,
    environment: environmentKey,
    template: z.enum(['standard', 'conservative', 'aggressive', 'custom']).optional(),
    stages: z.array(percentage).min(1).max(20).optional(),
    risk: risk.optional(),
    minStageSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400)
      .optional(),
    treatmentVariant: variantKey.optional(),
    criteria: criteriaOverrides.optional(),
    guards: z.array(prometheusGuardSchema).max(20).optional(),
  })
  .superRefine((body, context) => {
    const stages = body.stages;
    if (stages && body.template !== undefined && body.template !== 'custom') {
      context.addIssue({
        code: 'custom',
        path: ['stages'],
        message: 'stages go with template custom (or no template)',
      });
    }
    if (stages) {
      if (stages.some((p, i) => i > 0 && p <= stages[i - 1]!)) {
        context.addIssue({
          code: 'custom',
          path: ['stages'],
          message: 'stages only add users: each above the last',
        });
      }
      if (stages.at(-1) !== 100)
        context.addIssue({ code: 'custom', path: ['stages'], message: 'the last stage is 100' });
    }
    if (body.template === 'custom' && !stages) {
      context.addIssue({ code: 'custom', path: ['stages'], message: 'a custom plan lists its stages' });
    }
  });

export const planParams = z.object({ id: z.string().regex(/^ro_[0-9a-f]{16}$/, 'a rollout id (ro_…)') });

export const listPlansQuery = z.strictObject({
  flag: resourceKey.optional(),
  environment: environmentKey.optional(),
  status: z.enum(['running', 'paused', 'rolled_back', 'completed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const suggestionQuery = z.strictObject({
  flag: resourceKey,
  level: z.enum(['high', 'medium', 'low']).optional(),
  factors: z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((f) => f.trim())
        .filter((f) => f !== ''),
    )
    .pipe(z.array(z.enum(RISK_FACTORS as [string, ...string[]])))
    .optional(),
});

export const rollbackBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

const stage = z.object({ percentage: z.number(), minDurationSeconds: z.number() });
const criterionResult = z.object({
  name: z.string(),
  kind: z.enum(['advance', 'rollback', 'health']),
  status: z.enum(['pass', 'fail', 'no_data', 'off']),
  figures: z.record(z.string(), jsonValue),
  message: z.string(),
});
export const verdictView = z.object({
  action: z.enum(['advance', 'hold', 'rollback']),
  at: z.string(),
  reason: z.string(),
  criteria: z.array(criterionResult),
  alerts: z.array(
    z.object({ kind: z.string(), message: z.string(), figures: z.record(z.string(), jsonValue) }),
  ),
});

export const planView = z.object({
  id: z.string(),
  flag: z.string(),
  environment: z.string(),
  status: z.enum(['running', 'paused', 'rolled_back', 'completed']),
  template: z.enum(['standard', 'conservative', 'aggressive', 'custom']),
  risk: jsonValue,
  stages: z.array(stage),
  stageIndex: z.number().int(),
  percentage: z.number(),
  stageStartedAt: z.string(),
  secondsAtStage: z.number(),
  treatmentVariant: z.string(),
  stableVariant: z.string(),
  criteria: jsonValue,
  guards: z.array(prometheusGuardSchema),
  lastVerdict: verdictView.nullable(),
  alerts: jsonValue,
  endedReason: jsonValue.nullable(),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
});

export const planDetailView = planView.extend({
  verdict: verdictView.nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      actor: z.string(),
      fromPercentage: z.number().nullable(),
      toPercentage: z.number().nullable(),
      message: z.string(),
      figures: jsonValue,
    }),
  ),
});

export const suggestionView = z.object({
  template: z.enum(['standard', 'conservative', 'aggressive']),
  stages: z.array(stage),
  factors: z.array(z.string()),
  reasons: z.array(z.string()),
});
