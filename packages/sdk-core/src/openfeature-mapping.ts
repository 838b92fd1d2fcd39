import type { ErrorCode, Evaluation, EvaluationContext, Reason } from '@flagstaff/evaluator';

/**
 * OpenFeature's names for our reasons and error codes, as the string values of its enums (so
 * sdk-core needs no OpenFeature dependency; each provider entry casts to its SDK's types).
 */
const REASONS: Record<Reason, string> = {
  RULE_MATCH: 'TARGETING_MATCH',
  ROLLOUT: 'SPLIT',
  DISABLED: 'DISABLED',
  DEFAULT: 'DEFAULT',
  ERROR: 'ERROR',
};

const ERROR_CODES: Record<ErrorCode, string> = {
  FLAG_NOT_FOUND: 'FLAG_NOT_FOUND',
  TYPE_MISMATCH: 'TYPE_MISMATCH',
  MALFORMED_FLAG: 'PARSE_ERROR',
  INVALID_CONTEXT: 'INVALID_CONTEXT',
  PREREQUISITE_CYCLE: 'GENERAL',
  PREREQUISITE_TOO_DEEP: 'GENERAL',
  GENERAL: 'GENERAL',
};

/** OpenFeature's ResolutionDetails, with reason and error code as plain strings. */
export interface OpenFeatureResolution<T> {
  value: T;
  variant?: string;
  reason: string;
  errorCode?: string;
  errorMessage?: string;
  flagMetadata: Record<string, string | number>;
}

export function toOpenFeatureResolution<T>(evaluation: Evaluation<T>): OpenFeatureResolution<T> {
  const { value, variant, reason, errorCode, errorMessage, ruleId, ruleIndex, bucket, splitBucket } =
    evaluation;
  const resolution: OpenFeatureResolution<T> = { value, reason: REASONS[reason], flagMetadata: {} };
  if (variant !== undefined) resolution.variant = variant;
  if (errorCode !== undefined) {
    resolution.errorCode = ERROR_CODES[errorCode];
    // Our finer code survives in the message: a prerequisite cycle is not a generic failure to debug.
    resolution.errorMessage = `${errorCode}: ${errorMessage ?? ''}`;
  }
  const metadata = { ruleId, ruleIndex, bucket, splitBucket };
  for (const [name, v] of Object.entries(metadata)) if (v !== undefined) resolution.flagMetadata[name] = v;
  return resolution;
}

/** OpenFeature's `targetingKey` is our context key; Dates become ISO strings (what date conditions read). */
export function fromOpenFeatureContext(context: Record<string, unknown> | undefined): EvaluationContext {
  const result: EvaluationContext = {};
  for (const [name, value] of Object.entries(context ?? {})) {
    result[name === 'targetingKey' ? 'key' : name] = value instanceof Date ? value.toISOString() : value;
  }
  return result;
}
