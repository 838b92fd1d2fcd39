export { murmur3, murmur3Bytes, utf8 } from '#murmur3';
export { BUCKETS, bucketOf, type DrawName, inputBucket, percentageToUnits } from './bucket.ts';
export { COHORTS, type Cohort, cohortIndex, servedCohort } from './cohort.ts';
export { type CompiledFlag, type ValueType, type VariantTable, valueTypeOfDefault } from './compile-flag.ts';
export {
  type CompiledSnapshot,
  compileSnapshot,
  type FlagEntry,
  MAX_PREREQUISITE_DEPTH,
} from './compile-snapshot.ts';
export { MAX_REGEX_INPUT } from './conditions/condition.ts';
export { compareSemver, parseSemver, type SemVer } from './conditions/semver.ts';
export { contextKey } from './context.ts';
export {
  evaluate,
  evaluateIndex,
  getValue,
  isEnabled,
  type ServedVariant,
  servedFlag,
} from './evaluate.ts';
export { hashListCondition } from './hashed-list.ts';
export { keyHash, listValueHash, segmentKeyHash } from './key-hash.ts';
export * from './model.ts';
