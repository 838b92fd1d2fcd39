import type { JsonValue } from '@flagstaff/evaluator';
import { z } from 'zod';

/**
 * Any JSON value, as one named, recursive component (`#/components/schemas/JsonValue`). zod's own
 * `z.json()` recurses through an anonymous definition that the OpenAPI document cannot reference.
 */
export const jsonValue: z.ZodType<JsonValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValue),
      z.record(z.string(), jsonValue),
    ]),
  )
  .meta({ id: 'JsonValue', description: 'Any JSON value' });

/** A response without a body (202, 204, 304): documented with no content. */
export const noContent = (description: string) => z.undefined().describe(description);

/** Limits on what one request may carry; the body size limit is in the config. */
export const LIMITS = {
  name: 200,
  description: 2_000,
  attribute: 200,
  stringValue: 1_000,
  valuesPerCondition: 1_000,
  conditionsPerRule: 50,
  rulesPerFlag: 200,
  variantsPerFlag: 50,
  splitArms: 50,
  tags: 20,
  segmentKeys: 10_000,
} as const;

export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const KEY_MESSAGE = 'must be 1 to 128 letters, digits, `_`, `.` or `-`, starting with a letter or digit';

export const resourceKey = z.string().regex(KEY_PATTERN, KEY_MESSAGE);
export const environmentKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1 to 64 lowercase letters, digits, `_` or `-`');
export const variantKey = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1 to 64 letters, digits, `_`, `.` or `-`');
export const name = z.string().trim().min(1).max(LIMITS.name);
export const description = z.string().max(LIMITS.description);
export const tag = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1 to 64 letters, digits or `_.:-`');
export const owner = z.string().trim().min(1).max(LIMITS.name);
export const isoDateTime = z.iso.datetime({ offset: true });

const attribute = z.string().min(1).max(LIMITS.attribute);
const shortString = z.string().max(LIMITS.stringValue);
const scalar = z.union([shortString, z.number(), z.boolean()]);
const negate = z.boolean().optional();

export const conditionSchema = z
  .discriminatedUnion('op', [
    z.strictObject({ op: z.literal('eq'), attribute, value: scalar, negate }),
    z.strictObject({
      op: z.enum(['in', 'not_in']),
      attribute,
      values: z.array(scalar).max(LIMITS.valuesPerCondition),
      negate,
    }),
    z.strictObject({
      op: z.enum(['contains', 'starts_with', 'ends_with']),
      attribute,
      values: z.array(shortString).max(LIMITS.valuesPerCondition),
      caseInsensitive: z.boolean().optional(),
      negate,
    }),
    z.strictObject({ op: z.enum(['lt', 'lte', 'gt', 'gte']), attribute, value: z.number(), negate }),
    z.strictObject({
      op: z.enum(['before', 'after']),
      attribute,
      value: z.union([shortString, z.number()]),
      negate,
    }),
    z.strictObject({
      op: z.enum(['semver_eq', 'semver_lt', 'semver_lte', 'semver_gt', 'semver_gte']),
      attribute,
      value: z.string().max(100),
      negate,
    }),
    z.strictObject({
      op: z.literal('matches'),
      attribute,
      value: z.string().max(500),
      caseInsensitive: z.boolean().optional(),
      negate,
    }),
    z.strictObject({ op: z.enum(['present', 'absent']), attribute, negate }),
    z.strictObject({ op: z.literal('segment'), segments: z.array(resourceKey).min(1).max(50), negate }),
    z.strictObject({
      op: z.literal('flag'),
      flag: resourceKey,
      variants: z.array(variantKey).min(1).max(LIMITS.variantsPerFlag),
      negate,
    }),
  ])
  .meta({ id: 'Condition' });

export const percentage = z.number().min(0).max(100);

export const serveSchema = z
  .strictObject({
    variant: variantKey.optional(),
    split: z
      .array(z.strictObject({ variant: variantKey, weight: z.number().min(0).max(100) }))
      .min(1)
      .max(LIMITS.splitArms)
      .optional(),
    percentage: percentage.optional(),
    stickiness: attribute.optional(),
  })
  .meta({ id: 'Serve' });

export const ruleSchema = z
  .strictObject({
    /** Generated when absent. */
    id: variantKey.optional(),
    description: description.optional(),
    conditions: z.array(conditionSchema).max(LIMITS.conditionsPerRule),
    serve: serveSchema,
  })
  .meta({ id: 'Rule' });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z
        .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
        .optional(),
      /** PRECONDITION_FAILED: the version to read again (also the ETag header). */
      currentVersion: z.number().int().optional(),
      etag: z.string().optional(),
      /** SEGMENT_IN_USE: the flags that still use the segment. */
      flags: z.array(z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export const keyParams = z.strictObject({ key: resourceKey });
export const envParams = z.strictObject({ env: environmentKey });
