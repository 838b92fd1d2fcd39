import type { Condition, JsonValue } from '@flagstaff/evaluator';
import {
  MODEL_LIMITS,
  OPERATORS,
  type OperandKind,
  WRITABLE_OPERATORS,
  type WritableOperator,
} from '@flagstaff/evaluator/validate';
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

/**
 * Limits on what one request may carry; the body size limit is in the config. The condition model's
 * limits are the evaluator's (MODEL_LIMITS), so a request the schema accepts passes its validation.
 */
export const LIMITS = {
  name: 200,
  description: 2_000,
  tags: 20,
  attribute: MODEL_LIMITS.attributeLength,
  stringValue: MODEL_LIMITS.stringLength,
  valuesPerCondition: MODEL_LIMITS.valuesPerCondition,
  conditionsPerRule: MODEL_LIMITS.conditionsPerRule,
  rulesPerFlag: MODEL_LIMITS.rulesPerFlag,
  variantsPerFlag: MODEL_LIMITS.variantsPerFlag,
  splitArms: MODEL_LIMITS.splitArms,
  segmentKeys: MODEL_LIMITS.segmentKeys,
} as const;

/** The largest value of a PostgreSQL `integer` (int4) column: versions, revisions. */
export const INT4_MAX = 2_147_483_647;

/**
 * A whole number in a path or query string, bounded by the column it is compared with. Decimal digits
 * only: `0x1`, `1e3`, `+1` and ` 1` are refused, never read as a number, and a value the column cannot
 * hold is a 400 here rather than an out-of-range error from the database.
 */
export function decimalInteger(min: number, max: number) {
  return z
    .string()
    .max(32)
    .regex(/^[0-9]+$/, 'must be a whole number in decimal digits')
    .describe(`a whole number from ${min} to ${max}, in decimal digits`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

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

const caseInsensitive = z.boolean().optional();

/** The request shape of each operand kind; snapshot-only kinds never arrive in a request. */
function operandShape(kind: Exclude<OperandKind, 'hashed-list'>): z.ZodRawShape {
  switch (kind) {
    case 'scalar':
      return { attribute, value: scalar };
    case 'scalar-list':
      return { attribute, values: z.array(scalar).min(1).max(LIMITS.valuesPerCondition) };
    case 'string-list':
      return {
        attribute,
        values: z.array(shortString).min(1).max(LIMITS.valuesPerCondition),
        caseInsensitive,
      };
    case 'number':
      return { attribute, value: z.number() };
    case 'date':
      return { attribute, value: z.union([shortString, z.number()]) };
    case 'semver':
      return { attribute, value: z.string().max(MODEL_LIMITS.semverLength) };
    case 'pattern':
      return { attribute, value: z.string().max(MODEL_LIMITS.patternLength), caseInsensitive };
    case 'presence':
      return { attribute };
    case 'segments':
      return { segments: z.array(resourceKey).min(1).max(MODEL_LIMITS.segmentsPerCondition) };
    case 'prerequisite':
      return { flag: resourceKey, variants: z.array(variantKey).min(1).max(LIMITS.variantsPerFlag) };
    default: {
      const missed: never = kind;
      throw new Error(`unhandled operand kind ${String(missed)}`);
    }
  }
}

function operatorSchema(op: WritableOperator) {
  const kind = OPERATORS[op].operand;
  return z.strictObject({ op: z.literal(op), ...operandShape(kind), negate });
}

/**
 * A condition as the API takes it: one strict object per operator the evaluator's table lists (the
 * snapshot-only hashed forms excepted), typed as the evaluator's `Condition`.
 */
export const conditionSchema = z
  .discriminatedUnion(
    'op',
    WRITABLE_OPERATORS.map(operatorSchema) as unknown as [
      ReturnType<typeof operatorSchema>,
      ...ReturnType<typeof operatorSchema>[],
    ],
  )
  .meta({ id: 'Condition' }) as unknown as z.ZodType<Condition>;

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
      /** ROLLOUT_IN_PROGRESS: the rollout plan that drives the flag's rollout there. */
      plan: z.string().nullable().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const keyParams = z.strictObject({ key: resourceKey });
export const envParams = z.strictObject({ env: environmentKey });
