import { z } from 'zod';
import {
  decimalInteger,
  description,
  environmentKey,
  INT4_MAX,
  isoDateTime,
  jsonValue,
  LIMITS,
  name,
  owner,
  resourceKey,
  ruleSchema,
  serveSchema,
  tag,
  variantKey,
} from '../http/common-schemas.ts';
import { LIFECYCLE_STAGES } from './flag-lifecycle-port.ts';

export const flagType = z.enum(['release', 'experiment', 'ops', 'permission']);

const variantSchema = z.strictObject({ key: variantKey, value: jsonValue });

export const environmentStatePatch = z.strictObject({
  enabled: z.boolean().optional(),
  offVariant: variantKey.optional(),
  rules: z.array(ruleSchema).max(LIMITS.rulesPerFlag).optional(),
  fallthrough: serveSchema.optional(),
  clientVisible: z.boolean().optional(),
});

const environmentPatches = z
  .record(environmentKey, environmentStatePatch)
  .refine((value) => Object.keys(value).length <= 50, 'at most 50 environments');

const definitionFields = {
  name: name.optional(),
  description: description.optional(),
  tags: z.array(tag).max(LIMITS.tags).optional(),
  variants: z.array(variantSchema).min(1).max(LIMITS.variantsPerFlag).optional(),
  environments: environmentPatches.optional(),
};

export const createFlagBody = z.strictObject({
  key: resourceKey,
  type: flagType,
  owner: owner.optional(),
  expiresAt: isoDateTime.optional(),
  ...definitionFields,
});

/** Every field optional; `key` and `salt` are immutable and so absent. `null` clears owner or expiry. */
export const updateFlagBody = z.strictObject({
  type: flagType.optional(),
  owner: owner.nullable().optional(),
  expiresAt: isoDateTime.nullable().optional(),
  ...definitionFields,
});

export const listFlagsQuery = z.strictObject({
  type: flagType.optional(),
  owner: owner.optional(),
  tag: tag.optional(),
  state: z.enum(['active', 'expired', 'archived']).optional(),
  /** Flags at this lifecycle stage (in `environment`, else in any environment). */
  lifecycle: z.enum(LIFECYCLE_STAGES).optional(),
  environment: environmentKey.optional(),
  limit: decimalInteger(1, 500).default(50),
  cursor: resourceKey.optional(),
});

export const extendExpiryBody = z.strictObject({
  expiresAt: isoDateTime,
  reason: z.string().trim().min(1).max(LIMITS.description),
});

export const explainBody = z.strictObject({
  environment: environmentKey,
  context: z.record(z.string().max(200), jsonValue),
});

export const versionParams = z.strictObject({ key: resourceKey, version: decimalInteger(1, INT4_MAX) });
export const flagEnvParams = z.strictObject({ key: resourceKey, env: environmentKey });

export type CreateFlagInput = z.infer<typeof createFlagBody>;
export type UpdateFlagInput = z.infer<typeof updateFlagBody>;
export type EnvironmentStatePatch = z.infer<typeof environmentStatePatch>;
export type ListFlagsQuery = z.infer<typeof listFlagsQuery>;
