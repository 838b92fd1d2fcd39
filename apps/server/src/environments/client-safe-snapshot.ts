import {
  type FlagConfig,
  hashListCondition,
  type Rule,
  type Segment,
  type Snapshot,
  type SnapshotCondition,
  segmentKeyHash,
} from '@flagstaff/evaluator';

/**
 * What client keys receive: no other user's key in clear. Segment key lists become the evaluator's
 * `segmentKeyHash(segment, key)`; `in`, `not_in` and `eq` conditions (in rules and in segments)
 * become `in_hashed` / `not_in_hashed` with their strings and integers hashed under a salt per
 * condition (`hashListCondition`), so one user listed in two conditions does not show as the same
 * hash twice. Both forms evaluate exactly as the clear ones. Rule descriptions (free text) are
 * dropped: evaluation never reads them. See docs/sdk-protocol.md and the contract, section 5.
 *
 * Salts are derived, not random, so that every replica serves the same bytes for a revision:
 * `flag/<flag salt>/<rule index>/<condition index>` and `segment/<segment key>/<condition index>`
 * (neither a flag salt nor a segment key can contain `/`).
 */
type ClientSegment = Omit<Segment<SnapshotCondition>, 'included' | 'excluded'>;

function hashConditions(
  conditions: readonly SnapshotCondition[],
  salt: (index: number) => string,
): SnapshotCondition[] {
  return conditions.map((c, i) => hashListCondition(c, salt(i)));
}

function redactRule(rule: Rule<SnapshotCondition>, flagSalt: string, index: number): Rule<SnapshotCondition> {
  const { description: _free, ...rest } = rule;
  if (!Array.isArray(rule.conditions)) return rest;
  return { ...rest, conditions: hashConditions(rule.conditions, (c) => `flag/${flagSalt}/${index}/${c}`) };
}

function redactFlag(flag: FlagConfig<SnapshotCondition>): FlagConfig<SnapshotCondition> {
  if (!Array.isArray(flag.rules)) return flag;
  return { ...flag, rules: flag.rules.map((rule, r) => redactRule(rule, flag.salt, r)) };
}

function redactSegment(segment: Segment<SnapshotCondition>): ClientSegment {
  const { included, excluded, ...rest } = segment;
  const safe: ClientSegment = { ...rest };
  if (included && included.length > 0)
    safe.includedHashes = included.map((k) => segmentKeyHash(segment.key, k));
  if (excluded && excluded.length > 0)
    safe.excludedHashes = excluded.map((k) => segmentKeyHash(segment.key, k));
  if (Array.isArray(segment.conditions))
    safe.conditions = hashConditions(segment.conditions, (c) => `segment/${segment.key}/${c}`);
  return safe;
}

/** The client audience's snapshot (already filtered to client-visible flags) without keys in clear. */
export function clientSafeSnapshot(snapshot: Snapshot): Snapshot {
  return {
    ...snapshot,
    flags: snapshot.flags.map(redactFlag),
    segments: snapshot.segments.map(redactSegment),
  };
}
