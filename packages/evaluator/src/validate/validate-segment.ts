import { MODEL_LIMITS } from '../conditions/operators.ts';
import type { Segment } from '../model.ts';
import { checkList, checkObject, checkString, IssueList, type ValidationResult } from './issues.ts';
import { type ConditionRefs, LIMITS, validateCondition } from './validate-condition.ts';

export const SEGMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const SEGMENT_LIMITS = {
  keys: MODEL_LIMITS.segmentKeys,
  conditions: LIMITS.conditionsPerRule,
} as const;

/** Every problem with a segment definition, each with its path. */
export function validateSegment(segment: unknown): ValidationResult<Segment> {
  const issues = new IssueList();
  if (!checkObject(segment, [], issues, ['key', 'included', 'excluded', 'conditions'], ['key'])) {
    return issues.result(segment);
  }
  checkString(segment.key, ['key'], issues, { max: 128, pattern: SEGMENT_KEY });
  for (const field of ['included', 'excluded'] as const) {
    const list = segment[field];
    if (list === undefined) continue;
    if (checkList(list, [field], issues, { max: SEGMENT_LIMITS.keys })) {
      list.forEach((key, i) => {
        checkString(key, [field, i], issues, { max: 256 });
      });
    }
  }
  if (segment.conditions !== undefined) {
    const refs: ConditionRefs = { segments: [], prerequisites: [] };
    if (checkList(segment.conditions, ['conditions'], issues, { max: SEGMENT_LIMITS.conditions })) {
      segment.conditions.forEach((c, i) => {
        validateCondition(c, ['conditions', i], issues, refs, false);
      });
    }
  }
  return issues.result(segment);
}
