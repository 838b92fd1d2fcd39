export {
  MODEL_LIMITS,
  OPERATOR_NAMES,
  OPERATORS,
  type OperandKind,
  type OperatorSpec,
  operandFields,
  WRITABLE_OPERATORS,
  type WritableOperator,
} from '../conditions/operators.ts';
export type { ValidationIssue, ValidationResult } from './issues.ts';
export { prerequisiteProblem } from './prerequisite-graph.ts';
export { MAX_PATTERN_LENGTH, unsafePatternReason } from './safe-regex.ts';
export { LIMITS as CONDITION_LIMITS } from './validate-condition.ts';
export { FLAG_KEY, FLAG_LIMITS, validateFlag } from './validate-flag.ts';
export { SEGMENT_KEY, SEGMENT_LIMITS, validateSegment } from './validate-segment.ts';
export { snapshotProblem, validateSnapshot } from './validate-snapshot.ts';
