/**
 * The flag model as the evaluator sees it: one environment's view of each flag.
 * The server stores more (owner, expiry, description, per-environment copies); the snapshot an SDK
 * receives carries exactly these shapes. See docs/bucketing-contract.md for how they are evaluated.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Playbook flag types. Type drives lifecycle policy on the server; evaluation treats them alike. */
export type FlagType = 'release' | 'experiment' | 'ops' | 'permission';

export const FLAG_TYPES: readonly FlagType[] = ['release', 'experiment', 'ops', 'permission'];

export interface Variant {
  /** Stable identifier of the variant, e.g. `on`, `off`, `control`, `treatment-b`. */
  key: string;
  /** The value served. All variants of one flag share one JSON type. */
  value: JsonValue;
}

/** One weighted arm of a split. Weights are percentages with up to three decimals; a split sums to 100. */
export interface WeightedVariant {
  variant: string;
  weight: number;
}

/**
 * What a rule (or the fallthrough) serves: a fixed variant or a weighted split, optionally behind a
 * percentage gate. A unit outside the gate falls through to the next rule (from the last rule, to the
 * fallthrough; from the fallthrough, to the off variant).
 */
export interface Serve {
  /** Fixed variant key. Exactly one of `variant` and `split` is set. */
  variant?: string;
  /** Weighted variant choice, drawn independently of the gate. */
  split?: WeightedVariant[];
  /**
   * Percentage of units let through, 0 to 100 with at most three decimals (0.001% resolution).
   * @default 100
   */
  percentage?: number;
  /**
   * Context attribute whose value is hashed for the gate and the split.
   * @default the context key (`key`, else `userId`)
   */
  stickiness?: string;
}

export type StringOperator = 'contains' | 'starts_with' | 'ends_with';
export type NumberOperator = 'lt' | 'lte' | 'gt' | 'gte';
export type SemverOperator = 'semver_eq' | 'semver_lt' | 'semver_lte' | 'semver_gt' | 'semver_gte';
export type DateOperator = 'before' | 'after';

interface ConditionBase {
  /** Inverts the condition. A condition on a missing attribute stays false even when negated. */
  negate?: boolean;
}

export type Scalar = string | number | boolean;

export type Condition =
  | (ConditionBase & { op: 'eq'; attribute: string; value: Scalar })
  | (ConditionBase & { op: 'in' | 'not_in'; attribute: string; values: Scalar[] })
  | (ConditionBase & {
      op: StringOperator;
      attribute: string;
      values: string[];
      /** @default false */
      caseInsensitive?: boolean;
    })
  | (ConditionBase & { op: NumberOperator; attribute: string; value: number })
  | (ConditionBase & {
      op: DateOperator;
      attribute: string;
      /** ISO 8601 date-time, or milliseconds since the epoch. */
      value: string | number;
    })
  | (ConditionBase & { op: SemverOperator; attribute: string; value: string })
  | (ConditionBase & {
      op: 'matches';
      attribute: string;
      /** A regular expression; patterns that could backtrack catastrophically are refused. */
      value: string;
      /** @default false */
      caseInsensitive?: boolean;
    })
  | (ConditionBase & { op: 'present' | 'absent'; attribute: string })
  | (ConditionBase & { op: 'segment'; segments: string[] })
  | (ConditionBase & {
      /** Prerequisite: holds when flag `flag` evaluates (for the same context) to one of `variants`. */
      op: 'flag';
      flag: string;
      variants: string[];
    });

/**
 * `in` / `not_in` as client SDK keys receive them (docs/bucketing-contract.md, section 5): strings
 * and safe integers listed as `listValueHash(salt, value)`, the other values in clear. Only in
 * snapshots: flags are written with `in` / `not_in`, and the server hashes them for client keys.
 */
export interface HashedListCondition extends ConditionBase {
  op: 'in_hashed' | 'not_in_hashed';
  attribute: string;
  /** Chosen per condition by the server, so that one value hashes differently in each condition. */
  salt: string;
  hashes: string[];
  /** The listed values that are not hashed (booleans, fractions, integers beyond 2^53). */
  values?: Scalar[];
}

/** A condition as a snapshot may carry it: as written, or in the client keys' hashed form. */
export type SnapshotCondition = Condition | HashedListCondition;

export type Operator = SnapshotCondition['op'];

export interface Rule<C extends SnapshotCondition = Condition> {
  /** Stable id, reported in explanations. */
  id: string;
  description?: string;
  /** All must hold. An empty list always holds. */
  conditions: C[];
  serve: Serve;
}

/** A flag as evaluated in one environment. */
export interface FlagConfig<C extends SnapshotCondition = Condition> {
  key: string;
  type: FlagType;
  /** Created once per flag and never changed: the bucketing input. Letters, digits, `_` and `-`. */
  salt: string;
  variants: Variant[];
  /** The kill switch. When false every unit gets `offVariant`. */
  enabled: boolean;
  offVariant: string;
  /** Evaluated in order; the first rule whose conditions hold and whose gate admits the unit wins. */
  rules: Rule<C>[];
  /** The default rollout, for units no rule took. */
  fallthrough: Serve;
  /** Increases on every change of the flag. */
  version?: number;
}

/** A reusable audience. Membership: excluded wins, then included, then all conditions (if any). */
export interface Segment<C extends SnapshotCondition = Condition> {
  key: string;
  /** Context keys always in the segment. */
  included?: string[];
  /** Context keys never in the segment. */
  excluded?: string[];
  /**
   * As client SDK keys receive the lists: `segmentKeyHash(segment.key, contextKey)` of each listed
   * key instead of the key (see docs/sdk-protocol.md). Checked like `included` / `excluded`.
   */
  includedHashes?: string[];
  excludedHashes?: string[];
  /**
   * What the hashed lists are keyed with: `segmentKeyHash(salt, contextKey)`. Chosen by the server per
   * installation, so that one user's hash differs between installations. Only in snapshots.
   * @default the segment's key
   */
  salt?: string;
  /** All must hold; `segment` and `flag` conditions are not allowed here. Empty: no rule-based members. */
  conditions?: C[];
}

/** The unit being evaluated. `key` (else `userId`) identifies it; every other field is an attribute. */
export interface EvaluationContext {
  key?: string;
  userId?: string;
  [attribute: string]: unknown;
}

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** What an SDK receives for one environment. */
export interface Snapshot {
  schemaVersion: number;
  environment: string;
  /** The environment's revision: increases on every committed change. */
  revision: number;
  flags: FlagConfig<SnapshotCondition>[];
  segments: Segment<SnapshotCondition>[];
}

export type Reason = 'DISABLED' | 'RULE_MATCH' | 'ROLLOUT' | 'DEFAULT' | 'ERROR';

export type ErrorCode =
  | 'FLAG_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'MALFORMED_FLAG'
  | 'INVALID_CONTEXT'
  | 'PREREQUISITE_CYCLE'
  | 'PREREQUISITE_TOO_DEEP'
  | 'GENERAL';

export interface Evaluation<T = JsonValue> {
  /** The served value, or the caller's default on error. */
  value: T;
  /** The served variant key; absent on error. */
  variant?: string;
  reason: Reason;
  /** The rule that matched (RULE_MATCH only). */
  ruleId?: string;
  ruleIndex?: number;
  /** The unit's gate bucket (0..99,999) when the deciding serve has a percentage gate. */
  bucket?: number;
  /** The unit's split bucket (0..99,999) when the variant came from a weighted split. */
  splitBucket?: number;
  errorCode?: ErrorCode;
  errorMessage?: string;
}
