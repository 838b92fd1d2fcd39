import { z } from 'zod';
import { LIFECYCLE_STAGES } from '../flags/flag-lifecycle-port.ts';
import { conditionSchema, errorResponse, jsonValue, ruleSchema, serveSchema } from './common-schemas.ts';

const environmentState = z
  .object({
    enabled: z.boolean(),
    offVariant: z.string(),
    rules: z.array(ruleSchema),
    fallthrough: serveSchema,
    clientVisible: z.boolean(),
  })
  .meta({ id: 'EnvironmentState' });

export const flagDocument = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    type: z.enum(['release', 'experiment', 'ops', 'permission']),
    owner: z.string().nullable(),
    tags: z.array(z.string()),
    variants: z.array(z.object({ key: z.string(), value: jsonValue })),
    salt: z.string(),
    archived: z.boolean(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    environments: z.record(z.string(), environmentState),
  })
  .meta({ id: 'FlagDocument' });

export const flagView = flagDocument
  .extend({
    version: z.number().int(),
    updatedAt: z.string(),
    state: z.enum(['active', 'expired', 'archived']),
    lifecycle: z
      .record(
        z.string(),
        z
          .object({ stage: z.enum(LIFECYCLE_STAGES), since: z.string().nullable() })
          .meta({ id: 'LifecycleStage' }),
      )
      .optional()
      .describe('On reads (GET): the lifecycle stage in each environment, derived from facts'),
  })
  .meta({ id: 'Flag' });

export const flagVersionView = z
  .object({
    version: z.number().int(),
    actor: z.string(),
    createdAt: z.string(),
    flag: flagDocument,
  })
  .meta({ id: 'FlagVersion' });

export const segmentView = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    included: z.array(z.string()),
    excluded: z.array(z.string()),
    conditions: z.array(conditionSchema),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Segment' });

export const environmentView = z
  .object({
    key: z.string(),
    name: z.string(),
    revision: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Environment' });

export const credentialView = z
  .object({
    id: z.string(),
    kind: z.enum(['admin', 'server', 'client']),
    name: z.string(),
    environment: z.string().nullable(),
    hint: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Credential' });

export const auditRecord = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    resourceType: z.string(),
    resourceKey: z.string(),
    environment: z.string().nullable(),
    before: jsonValue,
    after: jsonValue,
    reason: z.string().nullable(),
  })
  .meta({ id: 'AuditRecord' });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

const snapshotCondition = z.union([
  conditionSchema,
  z.strictObject({
    op: z.enum(['in_hashed', 'not_in_hashed']),
    attribute: z.string(),
    salt: z.string(),
    hashes: z.array(z.string()),
    values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
    negate: z.boolean().optional(),
  }),
]);

/** A flag as SDKs receive it: one environment's state, ready for the evaluator. */
const snapshotFlag = z.object({
  key: z.string(),
  type: z.enum(['release', 'experiment', 'ops', 'permission']),
  salt: z.string(),
  variants: z.array(z.object({ key: z.string(), value: jsonValue })),
  enabled: z.boolean(),
  offVariant: z.string(),
  rules: z.array(z.object({ id: z.string(), conditions: z.array(snapshotCondition), serve: serveSchema })),
  fallthrough: serveSchema,
  version: z.number().int().optional(),
});

const snapshotSegment = z.object({
  key: z.string(),
  included: z.array(z.string()).optional(),
  excluded: z.array(z.string()).optional(),
  includedHashes: z.array(z.string()).optional(),
  excludedHashes: z.array(z.string()).optional(),
  conditions: z.array(snapshotCondition).optional(),
  /** Client snapshots: the per-installation salt of the hashed key lists (ADR 0005). */
  salt: z.string().optional(),
});

/** An environment's flags and segments for SDKs (docs/sdk-protocol.md); client keys get the redacted form. */
export const snapshotView = z
  .object({
    schemaVersion: z.number().int().describe('1, the snapshot format (SNAPSHOT_SCHEMA_VERSION)'),
    environment: z.string(),
    revision: z.number().int(),
    flags: z.array(snapshotFlag),
    segments: z.array(snapshotSegment),
  })
  .meta({ id: 'Snapshot' });

export const evaluationView = z
  .object({
    value: jsonValue,
    variant: z.string().optional(),
    reason: z.enum(['DISABLED', 'RULE_MATCH', 'ROLLOUT', 'DEFAULT', 'ERROR']),
    ruleId: z.string().optional(),
    ruleIndex: z.number().int().optional(),
    bucket: z.number().int().optional(),
    splitBucket: z.number().int().optional(),
    errorCode: z
      .enum([
        'FLAG_NOT_FOUND',
        'TYPE_MISMATCH',
        'MALFORMED_FLAG',
        'INVALID_CONTEXT',
        'PREREQUISITE_CYCLE',
        'PREREQUISITE_TOO_DEEP',
        'GENERAL',
      ])
      .optional(),
    errorMessage: z.string().optional(),
  })
  .meta({ id: 'Evaluation' });

export const explanationView = z
  .object({
    flag: z.string(),
    environment: z.string(),
    flagVersion: z.number().int(),
    archived: z.boolean(),
    evaluation: evaluationView,
    matchedRule: ruleSchema.nullable(),
  })
  .meta({ id: 'Explanation' });

/** The error responses every authenticated route may give. */
export const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
} as const;

/** And those of a route that reads a body (POST, PATCH, DELETE): too large, or not JSON. */
export const bodyErrors = { ...errors, 413: errorResponse, 415: errorResponse } as const;
