import { z } from 'zod';
import {
  conditionSchema,
  decimalInteger,
  description,
  LIMITS,
  name,
  resourceKey,
} from '../http/common-schemas.ts';

const contextKeys = z.array(z.string().min(1).max(LIMITS.stringValue)).max(LIMITS.segmentKeys);

const segmentFields = {
  name: name.optional(),
  description: description.optional(),
  /** Context keys always in the segment. */
  included: contextKeys.optional(),
  /** Context keys never in the segment (wins over `included`). */
  excluded: contextKeys.optional(),
  /** All must hold; `segment` and `flag` conditions are not allowed in segments. */
  conditions: z.array(conditionSchema).max(LIMITS.conditionsPerRule).optional(),
};

export const createSegmentBody = z.strictObject({ key: resourceKey, ...segmentFields });
export const updateSegmentBody = z.strictObject(segmentFields);
export const listSegmentsQuery = z.strictObject({
  limit: decimalInteger(1, 500).default(100),
  cursor: resourceKey.optional(),
});

export type CreateSegmentInput = z.infer<typeof createSegmentBody>;
export type UpdateSegmentInput = z.infer<typeof updateSegmentBody>;
